using System;
using System.Diagnostics;
using System.Linq;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using System.Threading;
using RasMfa.Engine.Radius;

namespace RasMfa.LoadGen
{
    /// <summary>
    /// Logs users in from several UDP sockets with a bounded number in flight or at a fixed rate, matches each answer
    /// to its request, verifies it, and records each login's time. A login is one request (the code in User-Password)
    /// or, in the challenge flow, two: the user name with an empty password, then the code with the State it got.
    /// With <see cref="LoadOptions.HoldChallenges"/> every login's challenge is opened first and all are answered
    /// afterwards, so that many challenges are pending at once. No retransmissions: an answer that does not come within
    /// the timeout is counted as lost. With <see cref="LoadOptions.AlsoServer"/> every datagram goes to two servers from a pair
    /// of sockets (RAS active-active): the first answer is the login's, the other server's answer to the same request is
    /// counted, compared with the first, and never holds a place in flight.
    /// </summary>
    internal sealed class LoadRunner
    {
        private readonly LoadOptions _options;
        private readonly byte[] _secret;
        private readonly LoadUser[] _users;
        private readonly Slot?[][] _slots;
        // Two servers: per socket and Identifier, the request answered once whose other answer is still awaited.
        private readonly Slot?[][] _awaitingSecond;
        private readonly long[] _latencyTicks;
        private readonly long[] _latencyTicksOfLogin;
        private readonly RadiusCode?[] _answerOfLogin;
        private readonly DateTime[] _sentUtcOfLogin;
        private readonly DateTime[] _answeredUtcOfLogin;
        private readonly byte[]?[] _heldStates;
        private readonly int[] _nextIdentifier;
        private Socket[] _sockets = new Socket[0];
        private Socket[] _secondSockets = new Socket[0];
        private int _latencyCount, _accepted, _rejected, _challenged, _invalid, _lost, _finished;
        private int _secondAnswered, _secondDiffering, _secondMissing;

        public LoadRunner(LoadOptions options, LoadUser[] users)
        {
            _options = options;
            _secret = Encoding.UTF8.GetBytes(options.Secret);
            _users = users;
            _slots = Enumerable.Range(0, options.Sockets).Select(_ => new Slot?[256]).ToArray();
            _awaitingSecond = Enumerable.Range(0, options.Sockets).Select(_ => new Slot?[256]).ToArray();
            _latencyTicks = new long[options.Requests];
            _latencyTicksOfLogin = new long[options.Requests];
            _answerOfLogin = new RadiusCode?[options.Requests];
            _sentUtcOfLogin = new DateTime[options.Requests];
            _answeredUtcOfLogin = new DateTime[options.Requests];
            _nextIdentifier = new int[options.Sockets];
            _heldStates = new byte[options.HoldChallenges ? options.Requests : 0][];
        }

        /// <summary>Each login's user name and time in ms (NaN: not answered), in the order sent: for pairing the timings of two kinds of user.</summary>
        public System.Collections.Generic.IEnumerable<(string UserName, double Milliseconds)> LatencyOfEachLogin() =>
            _latencyTicksOfLogin.Select((ticks, login) => (_users[login % _users.Length].UserName, ticks == 0 ? double.NaN : ticks * 1000.0 / Stopwatch.Frequency));

        /// <summary>
        /// Each login's user name, the code of its last answer (null: not answered), when its first request was sent and when
        /// that answer came (UTC; default: never), in the order sent: for matching against the audit log and an outage's times.
        /// </summary>
        public System.Collections.Generic.IEnumerable<(string UserName, RadiusCode? Answer, DateTime SentUtc, DateTime AnsweredUtc)> AnswerOfEachLogin() =>
            _answerOfLogin.Select((answer, login) => (_users[login % _users.Length].UserName, answer, _sentUtcOfLogin[login], _answeredUtcOfLogin[login]));

        /// <summary>Set between the two phases of a held-challenges run (the server's memory and threads are read then).</summary>
        public Action<int>? ChallengesHeld { get; set; }

        public LoadResult Run()
        {
            _sockets = Connect(_options.Server);
            if (_options.AlsoServer != null) _secondSockets = Connect(_options.AlsoServer);
            using var gate = new SemaphoreSlim(_options.InFlight);
            using var stop = new CancellationTokenSource();
            // Dedicated threads: blocking receives on pool threads would starve the pool on a 2-core machine.
            var threads = _sockets.Concat(_secondSockets).Select((socket, n) => new Thread(() => Receive(socket, n % _options.Sockets, gate, stop.Token)) { IsBackground = true })
                .Append(new Thread(() => Sweep(gate, stop.Token)) { IsBackground = true }).ToArray();
            foreach (var thread in threads) thread.Start();
            var clock = Stopwatch.StartNew();
            bool codeFirst = _options.Flow == LoginFlow.Code;
            SendAll(gate, clock, n => FirstRound(n, codeFirst ? CodeOf(n) : new byte[0]));
            if (_options.HoldChallenges)
            {
                ChallengesHeld?.Invoke(_heldStates.Count(s => s != null));
                Interlocked.Exchange(ref _finished, 0);
                clock.Restart();
                // With --swap-users each State is answered in another user's name (a test that the server refuses it).
                SendAll(gate, clock, n =>
                {
                    if (_heldStates[n] == null) return null;
                    int user = _options.SwapUsers ? (n + 1) % _options.Requests : n;
                    return new Slot(n, user, 2, CodeOf(user), _heldStates[n], Stopwatch.GetTimestamp());
                });
            }
            var elapsed = clock.Elapsed;
            // The other server's answers to the last requests may come after their first answers: wait for them (within the timeout).
            var secondDeadline = Stopwatch.GetTimestamp() + (long)(_options.TimeoutMs / 1000.0 * Stopwatch.Frequency);
            while (_secondSockets.Length > 0 && Stopwatch.GetTimestamp() < secondDeadline && _awaitingSecond.Any(w => { lock (_slots[Array.IndexOf(_awaitingSecond, w)]) return w.Any(s => s != null); }))
                Thread.Sleep(5);
            stop.Cancel();
            foreach (var socket in _sockets.Concat(_secondSockets)) socket.Dispose();
            foreach (var thread in threads) thread.Join(2000);
            var latencies = _latencyTicks.Take(_latencyCount).OrderBy(t => t).Select(t => t * 1000.0 / Stopwatch.Frequency).ToArray();
            var result = new LoadResult(_options.Requests, _accepted, _rejected, _challenged, _invalid, _lost, elapsed, latencies);
            if (_options.AlsoServer != null)
            {
                // Answers still awaited after the last first answer's wait are missing (a server that never answered them).
                foreach (var waiting in _awaitingSecond) lock (waiting) _secondMissing += waiting.Count(s => s != null);
                result.SecondServer = new SecondServerAnswers(_secondAnswered, _secondDiffering, _secondMissing);
            }
            return result;
        }

        private Socket[] Connect(System.Net.IPEndPoint server) => Enumerable.Range(0, _options.Sockets).Select(_ =>
        {
            var socket = new Socket(server.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
            socket.Connect(server);
            return socket;
        }).ToArray();

        // Sends one login per n (null: nothing to send for n), then waits for the last answers or their timeouts.
        private void SendAll(SemaphoreSlim gate, Stopwatch clock, Func<int, Slot?> build)
        {
            int skipped = 0;
            for (int n = 0; n < _options.Requests; n++)
            {
                if (_options.Rate > 0)
                {
                    // Sleep rather than spin: a spinning generator would take a core from the server it measures. Requests
                    // that fell due during a sleep go out together, as bursts from many NAS would.
                    var wait = TimeSpan.FromSeconds(n / _options.Rate) - clock.Elapsed;
                    if (wait > TimeSpan.Zero) Thread.Sleep(wait < TimeSpan.FromMilliseconds(1) ? TimeSpan.FromMilliseconds(1) : wait);
                }
                var slot = build(n);
                if (slot == null) { skipped++; continue; }
                gate.Wait();
                int socketIndex = n % _sockets.Length;
                Send(socketIndex, NextFreeIdentifier(socketIndex), slot);
            }
            var deadline = Stopwatch.GetTimestamp() + (long)(_options.TimeoutMs / 1000.0 * Stopwatch.Frequency) * 3;
            while (Volatile.Read(ref _finished) + skipped < _options.Requests && Stopwatch.GetTimestamp() < deadline) Thread.Sleep(5);
        }

        // The challenge flow's last round: the second (the code with the State), or the one timed alone.
        private int LastRound => _options.TimeRound == 0 ? 2 : _options.TimeRound;

        private static Slot FirstRound(int n, byte[] password) => new Slot(n, n, 1, password, null, Stopwatch.GetTimestamp());

        // The user's current code, or with --code wrong one that is certainly not it (each digit moved on by five).
        private byte[] CodeOf(int user)
        {
            var loadUser = _users[user % _users.Length];
            var code = Encoding.ASCII.GetBytes(_options.CodeAtUtc is { } at ? loadUser.CodeAt(at) : loadUser.CurrentCode());
            if (_options.WrongCode) for (int i = 0; i < code.Length; i++) code[i] = (byte)('0' + (code[i] - '0' + 5) % 10);
            return code;
        }

        private void Send(int socketIndex, byte id, Slot slot)
        {
            var authenticator = new byte[16];
            RandomNumberGenerator.Fill(authenticator);
            var packet = new RadiusPacket(RadiusCode.AccessRequest, id, authenticator);
            packet.Add(RadiusAttribute.FromText(RadiusAttributeType.UserName, _users[slot.User % _users.Length].UserName));
            packet.Add(new RadiusAttribute(RadiusAttributeType.UserPassword, PapPassword.Hide(slot.Password, _secret, authenticator)));
            if (slot.State != null) packet.Add(new RadiusAttribute(RadiusAttributeType.State, slot.State));
            slot.Authenticator = authenticator;
            slot.Request = PacketSigner.EncodeRequest(packet, _secret);
            slot.SentTicks = Stopwatch.GetTimestamp();
            if (slot.Round == 1) _sentUtcOfLogin[slot.Login] = DateTime.UtcNow;
            var slots = _slots[socketIndex];
            lock (slots)
            {
                slots[id] = slot;
                // The Identifier came round again before the other server answered its last request.
                if (_awaitingSecond[socketIndex][id] != null)
                {
                    _awaitingSecond[socketIndex][id] = null;
                    Interlocked.Increment(ref _secondMissing);
                }
            }
            SendTo(_sockets[socketIndex], slot.Request);
            if (_secondSockets.Length > 0) SendTo(_secondSockets[socketIndex], slot.Request);
        }

        private static void SendTo(Socket socket, byte[] datagram)
        {
            try
            {
                socket.Send(datagram);
            }
            catch (SocketException)
            {
                // The server went away (an ICMP port unreachable refuses the connected socket's next send): this login is
                // lost, counted so by the sweep at its timeout (or, with two servers, answered by the other), and the run
                // goes on, as a NAS would.
            }
        }

        // A slot is free when its previous request was answered or timed out. Identifiers go round robin per socket, so one is
        // reused as late as possible: a server may still be finishing the last request that carried it. With two servers an
        // Identifier whose other answer is still awaited is not free either (until the sweep gives that answer up).
        private byte NextFreeIdentifier(int socketIndex)
        {
            var slots = _slots[socketIndex];
            var waiting = _awaitingSecond[socketIndex];
            for (int attempt = 0; ; attempt++)
            {
                byte id = (byte)(Interlocked.Increment(ref _nextIdentifier[socketIndex]) & 0xFF);
                lock (slots)
                {
                    if (slots[id] == null && waiting[id] == null) return id;
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
                byte id = buffer[1];
                var code = (RadiusCode)buffer[0];
                Slot? slot, second = null;
                bool valid = false;
                lock (slots)
                {
                    slot = slots[id];
                    // With two servers, an answer that does not answer the request in flight may be the other server's
                    // answer to the one before it under this Identifier.
                    var waiting = _awaitingSecond[index];
                    if (_secondSockets.Length > 0 && waiting[id] != null && (slot == null || !Answers(slot, buffer, length)) && Answers(waiting[id]!, buffer, length))
                    {
                        second = waiting[id];
                        waiting[id] = null;
                        slot = null;
                    }
                    else if (slot != null && _secondSockets.Length > 0 && !Answers(slot, buffer, length))
                    {
                        // With two servers, an answer that matches nothing is the slow server's answer to a request given up
                        // on (counted missing): the request in flight under this Identifier waits on for its own.
                        slot = null;
                    }
                    else if (slot != null)
                    {
                        valid = Answers(slot, buffer, length);
                        slots[id] = null;
                        if (valid && _secondSockets.Length > 0)
                        {
                            slot.FirstCode = code;
                            waiting[id] = slot;
                        }
                    }
                }
                if (second != null)
                {
                    Interlocked.Increment(ref _secondAnswered);
                    if (second.FirstCode != code) Interlocked.Increment(ref _secondDiffering);
                    continue;
                }
                if (slot == null) continue; // late answer to a request already counted as lost
                if (!valid)
                {
                    Interlocked.Increment(ref _invalid);
                    Finish(gate);
                    continue;
                }
                if (code == RadiusCode.AccessChallenge && _options.Flow == LoginFlow.Challenge && slot.Round < LastRound)
                {
                    Interlocked.Increment(ref _challenged);
                    var state = StateOf(buffer, length);
                    if (_options.HoldChallenges)
                    {
                        _heldStates[slot.Login] = state;
                        Finish(gate);
                    }
                    else
                    {
                        // The next round goes out at once, under a fresh identifier as a NAS would use; the login's clock runs on,
                        // unless only the round timed is measured.
                        int round = slot.Round + 1;
                        long start = round == _options.TimeRound ? Stopwatch.GetTimestamp() : slot.StartTicks;
                        Send(index, NextFreeIdentifier(index), new Slot(slot.Login, slot.User, round, CodeOf(slot.User), state, start));
                    }
                    continue;
                }
                _latencyTicks[Interlocked.Increment(ref _latencyCount) - 1] = now - slot.StartTicks;
                _latencyTicksOfLogin[slot.Login] = now - slot.StartTicks;
                _answerOfLogin[slot.Login] = code;
                _answeredUtcOfLogin[slot.Login] = DateTime.UtcNow;
                switch (code)
                {
                    case RadiusCode.AccessAccept: Interlocked.Increment(ref _accepted); break;
                    case RadiusCode.AccessReject: Interlocked.Increment(ref _rejected); break;
                    case RadiusCode.AccessChallenge: Interlocked.Increment(ref _challenged); break;
                }
                Finish(gate);
            }
        }

        private bool Answers(Slot slot, byte[] buffer, int length) => _options.Echo
            ? buffer.AsSpan(0, length).SequenceEqual(slot.Request)
            : PacketSigner.VerifyResponseAuthenticator(buffer, length, slot.Authenticator, _secret);

        private void Finish(SemaphoreSlim gate)
        {
            Interlocked.Increment(ref _finished);
            gate.Release();
        }

        private static byte[]? StateOf(byte[] buffer, int length)
        {
            return RadiusPacket.TryParse(new ReadOnlySpan<byte>(buffer, 0, length), out var answer) == PacketError.None ? answer!.Find(RadiusAttributeType.State)?.Value : null;
        }

        private void Sweep(SemaphoreSlim gate, CancellationToken stop)
        {
            long timeout = (long)(_options.TimeoutMs / 1000.0 * Stopwatch.Frequency);
            while (!stop.IsCancellationRequested)
            {
                Thread.Sleep(50);
                long now = Stopwatch.GetTimestamp();
                for (int index = 0; index < _slots.Length; index++)
                {
                    var slots = _slots[index];
                    lock (slots)
                    {
                        var waiting = _awaitingSecond[index];
                        for (int id = 0; id < waiting.Length; id++)
                        {
                            if (waiting[id] != null && now - waiting[id]!.SentTicks > timeout)
                            {
                                waiting[id] = null;
                                Interlocked.Increment(ref _secondMissing);
                            }
                        }
                        for (int id = 0; id < slots.Length; id++)
                        {
                            if (slots[id] != null && now - slots[id]!.SentTicks > timeout)
                            {
                                slots[id] = null;
                                Interlocked.Increment(ref _lost);
                                Finish(gate);
                            }
                        }
                    }
                }
            }
        }

        /// <summary>A request in flight: which login, in whose name, which round, what it carries, when the login began.</summary>
        private sealed class Slot
        {
            public Slot(int login, int user, int round, byte[] password, byte[]? state, long startTicks)
            {
                Login = login;
                User = user;
                Round = round;
                Password = password;
                State = state;
                StartTicks = startTicks;
            }

            public int Login { get; }
            public int User { get; }
            public int Round { get; }
            public byte[] Password { get; }
            public byte[]? State { get; }
            public long StartTicks { get; }
            public byte[] Authenticator { get; set; } = new byte[0];
            public byte[] Request { get; set; } = new byte[0];
            public long SentTicks { get; set; }
            public RadiusCode FirstCode { get; set; }
        }
    }
}
