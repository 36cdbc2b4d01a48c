using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.Linq;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using System.Threading;
using RasMfa.Engine.Radius;

namespace RasMfa.LoadGen
{
    /// <summary>
    /// Sends mutated requests at a steady rate for the given minutes; at the end of each minute logs the probe user in
    /// (username only → Access-Challenge → code with the State → Access-Accept) and reads the server's resident memory.
    /// Passes when every probe got its Challenge and Accept and memory grew no more than allowed from minute 2 to the last.
    /// </summary>
    internal sealed class MutationRunner
    {
        private readonly MutationOptions _options;
        private readonly LoadUser _probe;
        private readonly PacketMutator _mutator;
        private readonly byte[] _secret;
        private readonly long[] _byMutation = new long[PacketMutator.Names.Count];
        private readonly SentLog _sentLog;
        private long _sent, _accepted, _rejected, _challenged, _statusAnswers, _otherAnswers, _unmatched;

        public MutationRunner(MutationOptions options, IReadOnlyList<LoadUser> users)
        {
            if (users.Count < 2) throw new ArgumentException("The users file needs the probe user and at least one more.");
            _options = options;
            _secret = Encoding.UTF8.GetBytes(options.Secret);
            _probe = users[0];
            _mutator = new PacketMutator(_secret, users.Skip(1).Select(u => u.UserName), seed: Environment.TickCount);
            _sentLog = new SentLog(_secret);
        }

        public int Run()
        {
            using var socket = new Socket(_options.Server.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
            socket.Connect(_options.Server);
            using var stop = new CancellationTokenSource();
            var receiver = new Thread(() => CountAnswers(socket, stop.Token)) { IsBackground = true };
            receiver.Start();
            var minutes = new List<MinuteResult>();
            var clock = Stopwatch.StartNew();
            long n = 0;
            for (int minute = 1; minute <= _options.Minutes; minute++)
            {
                var end = TimeSpan.FromMinutes(minute);
                while (clock.Elapsed < end)
                {
                    // Sleep rather than spin: the generator must not take a core from the server on a 2-core machine.
                    var due = TimeSpan.FromSeconds(n / _options.Rate);
                    var wait = due - clock.Elapsed;
                    if (wait > TimeSpan.Zero) Thread.Sleep(wait < TimeSpan.FromMilliseconds(1) ? TimeSpan.FromMilliseconds(1) : wait);
                    var datagram = _mutator.Next(out int mutation);
                    _sentLog.Sent(datagram);
                    try { socket.Send(datagram); } catch (SocketException) { }
                    Interlocked.Increment(ref _byMutation[mutation]);
                    Interlocked.Increment(ref _sent);
                    n++;
                }
                var probe = Probe();
                var sample = ProcessSample.Read(_options.ServerProcessId);
                var result = new MinuteResult(minute, Interlocked.Read(ref _sent), Interlocked.Read(ref _accepted), Interlocked.Read(ref _rejected),
                    Interlocked.Read(ref _challenged), probe, sample.ResidentMegabytes, sample.Threads);
                minutes.Add(result);
                Console.WriteLine(result);
            }
            stop.Cancel();
            socket.Dispose();
            receiver.Join(2000);
            return Summarise(minutes);
        }

        private int Summarise(List<MinuteResult> minutes)
        {
            var second = minutes.First(m => m.Minute == 2);
            var last = minutes.Last();
            double ratio = last.ResidentMegabytes / second.ResidentMegabytes;
            int failedProbes = minutes.Count(m => !m.Probe.Succeeded);
            long answered = _accepted + _rejected + _challenged + _statusAnswers + _otherAnswers + _unmatched;
            Console.WriteLine("mutations sent: " + string.Join(", ", PacketMutator.Names.Select((name, i) => $"{name} {_byMutation[i]}")));
            Console.WriteLine(string.Format(CultureInfo.InvariantCulture,
                "{0} mutated packets in {1} minutes; answered {2}: to Access-Requests accept {3}, reject {4}, challenge {5}; to Status-Server {6}; " +
                "other {7}, matching no request sent {8}; silently dropped {9}; probes {10} of {11} logged in",
                _sent, _options.Minutes, answered, _accepted, _rejected, _challenged, _statusAnswers, _otherAnswers, _unmatched, _sent - answered,
                minutes.Count - failedProbes, minutes.Count));
            // A mutated request carries a random six-digit code: right about three times in a million (one step either way).
            if (_accepted > 0) Console.WriteLine($"note: {_accepted} mutated Access-Requests were accepted (a random code is right about 3 times in a million)");
            Console.WriteLine(string.Format(CultureInfo.InvariantCulture, "resident memory: minute 2 {0:F1} MB, minute {1} {2:F1} MB, ratio {3:F3} (at most {4:F2} allowed)",
                second.ResidentMegabytes, last.Minute, last.ResidentMegabytes, ratio, 1 + _options.MaxGrowth));
            Console.WriteLine(string.Format(CultureInfo.InvariantCulture,
                "RESULT {{\"minutes\":{0},\"sent\":{1},\"answered\":{2},\"probesFailed\":{3},\"rssMinute2MB\":{4:F1},\"rssLastMB\":{5:F1},\"ratio\":{6:F3}}}",
                _options.Minutes, _sent, answered, failedProbes, second.ResidentMegabytes, last.ResidentMegabytes, ratio));
            bool ok = failedProbes == 0 && ratio <= 1 + _options.MaxGrowth;
            Console.WriteLine(ok ? "PASS: the server answered every probe and its memory stayed flat" :
                failedProbes > 0 ? "FAIL: the server stopped answering a valid login" : "FAIL: resident memory grew more than allowed");
            return ok ? 0 : 1;
        }

        // A valid two-round login on a socket of its own; each round retransmitted (same bytes) up to 3 times, as a NAS does.
        private ProbeResult Probe()
        {
            using var socket = new Socket(_options.Server.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
            socket.Connect(_options.Server);
            socket.ReceiveTimeout = 3000;
            var watch = Stopwatch.StartNew();
            var first = Exchange(socket, Request(1, new byte[0], null), out var firstRequest);
            if (first == null || first.Code != RadiusCode.AccessChallenge)
                return new ProbeResult(false, $"first round: {(first == null ? "no answer" : first.Code.ToString())}", watch.Elapsed);
            var state = first.Find(RadiusAttributeType.State)?.Value;
            var second = Exchange(socket, Request(2, Encoding.ASCII.GetBytes(_probe.CurrentCode()), state), out _);
            if (second == null || second.Code != RadiusCode.AccessAccept)
                return new ProbeResult(false, $"second round: {(second == null ? "no answer" : second.Code.ToString())}", watch.Elapsed);
            return new ProbeResult(true, "Access-Challenge, Access-Accept", watch.Elapsed);
        }

        private RadiusPacket Request(byte identifier, byte[] password, byte[]? state)
        {
            var authenticator = new byte[16];
            RandomNumberGenerator.Fill(authenticator);
            var packet = new RadiusPacket(RadiusCode.AccessRequest, identifier, authenticator);
            packet.Add(RadiusAttribute.FromText(RadiusAttributeType.UserName, _probe.UserName));
            packet.Add(new RadiusAttribute(RadiusAttributeType.UserPassword, PapPassword.Hide(password, _secret, authenticator)));
            if (state != null) packet.Add(new RadiusAttribute(RadiusAttributeType.State, state));
            return packet;
        }

        private RadiusPacket? Exchange(Socket socket, RadiusPacket request, out byte[] bytes)
        {
            bytes = PacketSigner.EncodeRequest(request, _secret);
            var buffer = new byte[4096];
            for (int attempt = 0; attempt < 3; attempt++)
            {
                socket.Send(bytes);
                try
                {
                    int length = socket.Receive(buffer);
                    if (!PacketSigner.VerifyResponseAuthenticator(buffer, length, request.Authenticator, _secret)) continue;
                    if (RadiusPacket.TryParse(new ReadOnlySpan<byte>(buffer, 0, length), out var answer) == PacketError.None) return answer;
                }
                catch (SocketException) { }
            }
            return null;
        }

        private void CountAnswers(Socket socket, CancellationToken stop)
        {
            var buffer = new byte[4096];
            while (!stop.IsCancellationRequested)
            {
                int length;
                try { length = socket.Receive(buffer); }
                catch (Exception) when (stop.IsCancellationRequested) { return; }
                catch (SocketException) { continue; }
                if (length < 20) continue;
                var asked = _sentLog.RequestCodeOf(buffer, length);
                if (asked == null) { Interlocked.Increment(ref _unmatched); continue; }
                if (asked == RadiusCode.StatusServer) { Interlocked.Increment(ref _statusAnswers); continue; }
                switch ((RadiusCode)buffer[0])
                {
                    case RadiusCode.AccessAccept: Interlocked.Increment(ref _accepted); break;
                    case RadiusCode.AccessReject: Interlocked.Increment(ref _rejected); break;
                    case RadiusCode.AccessChallenge: Interlocked.Increment(ref _challenged); break;
                    default: Interlocked.Increment(ref _otherAnswers); break;
                }
            }
        }

        private sealed class ProbeResult
        {
            public ProbeResult(bool succeeded, string detail, TimeSpan elapsed)
            {
                Succeeded = succeeded;
                Detail = detail;
                Elapsed = elapsed;
            }

            public bool Succeeded { get; }
            public string Detail { get; }
            public TimeSpan Elapsed { get; }
        }

        private sealed class MinuteResult
        {
            public MinuteResult(int minute, long sent, long accepted, long rejected, long challenged, ProbeResult probe, double residentMegabytes, int threads)
            {
                Minute = minute;
                Sent = sent;
                Accepted = accepted;
                Rejected = rejected;
                Challenged = challenged;
                Probe = probe;
                ResidentMegabytes = residentMegabytes;
                Threads = threads;
            }

            public int Minute { get; }
            public long Sent { get; }
            public long Accepted { get; }
            public long Rejected { get; }
            public long Challenged { get; }
            public ProbeResult Probe { get; }
            public double ResidentMegabytes { get; }
            public int Threads { get; }

            public override string ToString() => string.Format(CultureInfo.InvariantCulture,
                "minute {0}: {1} mutated sent so far (accept {2}, reject {3}, challenge {4}); probe {5} ({6}, {7:F1} ms); resident {8:F1} MB, {9} threads",
                Minute, Sent, Accepted, Rejected, Challenged, Probe.Succeeded ? "ok" : "FAILED", Probe.Detail, Probe.Elapsed.TotalMilliseconds, ResidentMegabytes, Threads);
        }
    }
}
