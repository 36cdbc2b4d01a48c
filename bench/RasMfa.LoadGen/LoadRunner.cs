using System;
using System.Diagnostics;
using System.Linq;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using RasMfa.Engine.Radius;

namespace RasMfa.LoadGen
{
    /// <summary>
    /// Sends Access-Requests (code only, PAP, Message-Authenticator) from several UDP sockets with a bounded number in
    /// flight or at a fixed rate, matches each answer to its request, verifies it, and records the round-trip time.
    /// No retransmissions: an answer that does not come within the timeout is counted as lost.
    /// </summary>
    internal sealed class LoadRunner
    {
        private readonly LoadOptions _options;
        private readonly byte[] _secret;
        private readonly LoadUser[] _users;
        private readonly Slot?[][] _slots;
        private readonly long[] _latencyTicks;
        private int _latencyCount, _accepted, _rejected, _challenged, _invalid, _lost;

        public LoadRunner(LoadOptions options, LoadUser[] users)
        {
            _options = options;
            _secret = Encoding.UTF8.GetBytes(options.Secret);
            _users = users;
            _slots = Enumerable.Range(0, options.Sockets).Select(_ => new Slot?[256]).ToArray();
            _latencyTicks = new long[options.Requests];
        }

        public LoadResult Run()
        {
            var sockets = Enumerable.Range(0, _options.Sockets).Select(_ =>
            {
                var socket = new Socket(_options.Server.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
                socket.Connect(_options.Server);
                return socket;
            }).ToArray();
            using var gate = new SemaphoreSlim(_options.InFlight);
            using var stop = new CancellationTokenSource();
            // Dedicated threads: blocking receives on pool threads would starve the pool on a 2-core machine.
            var threads = sockets.Select((socket, index) => new Thread(() => Receive(socket, index, gate, stop.Token)) { IsBackground = true })
                .Append(new Thread(() => Sweep(gate, stop.Token)) { IsBackground = true }).ToArray();
            foreach (var thread in threads) thread.Start();
            var clock = Stopwatch.StartNew();
            byte[] authenticator = new byte[16];
            for (int n = 0; n < _options.Requests; n++)
            {
                if (_options.Rate > 0)
                {
                    var due = TimeSpan.FromSeconds(n / _options.Rate);
                    while (clock.Elapsed < due) Thread.SpinWait(50);
                }
                gate.Wait();
                int socketIndex = n % sockets.Length;
                var slots = _slots[socketIndex];
                byte id = NextFreeIdentifier(slots, n / sockets.Length);
                RandomNumberGenerator.Fill(authenticator);
                var user = _users[n % _users.Length];
                var packet = new RadiusPacket(RadiusCode.AccessRequest, id, (byte[])authenticator.Clone());
                packet.Add(RadiusAttribute.FromText(RadiusAttributeType.UserName, user.UserName));
                packet.Add(new RadiusAttribute(RadiusAttributeType.UserPassword, PapPassword.Hide(Encoding.ASCII.GetBytes(user.CurrentCode()), _secret, packet.Authenticator)));
                var bytes = PacketSigner.EncodeRequest(packet, _secret);
                lock (slots) slots[id] = new Slot(packet.Authenticator, Stopwatch.GetTimestamp(), bytes);
                sockets[socketIndex].Send(bytes);
            }
            // Wait for the last answers or their timeouts.
            var deadline = Stopwatch.GetTimestamp() + (long)(_options.TimeoutMs / 1000.0 * Stopwatch.Frequency) * 2;
            while (Volatile.Read(ref _latencyCount) + Volatile.Read(ref _lost) + Volatile.Read(ref _invalid) < _options.Requests && Stopwatch.GetTimestamp() < deadline)
                Thread.Sleep(5);
            var elapsed = clock.Elapsed;
            stop.Cancel();
            foreach (var socket in sockets) socket.Dispose();
            foreach (var thread in threads) thread.Join(2000);
            var latencies = _latencyTicks.Take(_latencyCount).OrderBy(t => t).Select(t => t * 1000.0 / Stopwatch.Frequency).ToArray();
            return new LoadResult(_options.Requests, _accepted, _rejected, _challenged, _invalid,
                _options.Requests - _latencyCount - _invalid, elapsed, latencies);
        }

        // A slot is free when its previous request was answered or timed out; identifiers are used round robin.
        private static byte NextFreeIdentifier(Slot?[] slots, int start)
        {
            for (int attempt = 0; ; attempt++)
            {
                byte id = (byte)((start + attempt) & 0xFF);
                lock (slots)
                {
                    if (slots[id] == null) return id;
                }
                if (attempt > 0 && attempt % 256 == 0) Thread.Sleep(1);
            }
        }

        private void Receive(Socket socket, int index, SemaphoreSlim gate, CancellationToken stop)
        {
            var buffer = new byte[4096];
            var slots = _slots[index];
            while (!stop.IsCancellationRequested)
            {
                int length;
                try
                {
                    length = socket.Receive(buffer);
                }
                catch (Exception) when (stop.IsCancellationRequested)
                {
                    return;
                }
                catch (SocketException)
                {
                    continue;
                }
                long now = Stopwatch.GetTimestamp();
                if (length < 20) continue;
                Slot? slot;
                lock (slots)
                {
                    slot = slots[buffer[1]];
                    slots[buffer[1]] = null;
                }
                if (slot == null) continue; // late answer to a request already counted as lost
                bool valid = _options.Echo
                    ? buffer.AsSpan(0, length).SequenceEqual(slot.Request)
                    : PacketSigner.VerifyResponseAuthenticator(buffer, length, slot.Authenticator, _secret);
                if (!valid) Interlocked.Increment(ref _invalid);
                else
                {
                    _latencyTicks[Interlocked.Increment(ref _latencyCount) - 1] = now - slot.SentTicks;
                    switch ((RadiusCode)buffer[0])
                    {
                        case RadiusCode.AccessAccept: Interlocked.Increment(ref _accepted); break;
                        case RadiusCode.AccessReject: Interlocked.Increment(ref _rejected); break;
                        case RadiusCode.AccessChallenge: Interlocked.Increment(ref _challenged); break;
                    }
                }
                gate.Release();
            }
        }

        private void Sweep(SemaphoreSlim gate, CancellationToken stop)
        {
            long timeout = (long)(_options.TimeoutMs / 1000.0 * Stopwatch.Frequency);
            while (!stop.IsCancellationRequested)
            {
                Thread.Sleep(50);
                long now = Stopwatch.GetTimestamp();
                foreach (var slots in _slots)
                {
                    lock (slots)
                    {
                        for (int id = 0; id < slots.Length; id++)
                        {
                            if (slots[id] != null && now - slots[id]!.SentTicks > timeout)
                            {
                                slots[id] = null;
                                Interlocked.Increment(ref _lost);
                                gate.Release();
                            }
                        }
                    }
                }
            }
        }

        private sealed class Slot
        {
            public Slot(byte[] authenticator, long sentTicks, byte[] request)
            {
                Authenticator = authenticator;
                SentTicks = sentTicks;
                Request = request;
            }

            public byte[] Authenticator { get; }
            public long SentTicks { get; }
            public byte[] Request { get; }
        }
    }
}
