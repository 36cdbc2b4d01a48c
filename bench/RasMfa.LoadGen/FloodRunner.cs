using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.Linq;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using System.Threading;
using RasMfa.Engine.Radius;

namespace RasMfa.LoadGen
{
    /// <summary>
    /// flood --server HOST:PORT --secret S --users FILE --seconds N --server-pid P [--senders K]
    /// One signed client floods "Forward username only" requests (a new made-up name each, so each would open a decoy
    /// challenge) for N seconds, as fast as K sender sockets go. Before the flood every user in FILE opens a real challenge;
    /// halfway through it, with the caps reached, each answers with its code as a NAS would (up to 3 tries, 2 s apart).
    /// Prints the server's resident memory before and after, and how many second rounds were accepted.
    /// </summary>
    internal static class FloodRunner
    {
        private const int Tries = 3;

        public static int Run(IReadOnlyList<string> args)
        {
            IPEndPoint server = new IPEndPoint(IPAddress.Loopback, 1812);
            string secretText = "", usersFile = "";
            double seconds = 20;
            int serverPid = 0, senders = 2;
            for (int i = 0; i < args.Count; i++)
            {
                string Next() => i + 1 < args.Count ? args[++i] : throw new ArgumentException($"{args[i]} needs a value.");
                switch (args[i])
                {
                    case "--server":
                        var parts = Next().Split(':');
                        server = new IPEndPoint(IPAddress.Parse(parts[0]), int.Parse(parts[1], CultureInfo.InvariantCulture));
                        break;
                    case "--secret": secretText = Next(); break;
                    case "--users": usersFile = Next(); break;
                    case "--seconds": seconds = double.Parse(Next(), CultureInfo.InvariantCulture); break;
                    case "--server-pid": serverPid = int.Parse(Next(), CultureInfo.InvariantCulture); break;
                    case "--senders": senders = int.Parse(Next(), CultureInfo.InvariantCulture); break;
                    default: throw new ArgumentException($"Unknown option {args[i]}.");
                }
            }
            if (!IPAddress.IsLoopback(server.Address)) throw new ArgumentException("The load generator only sends to loopback addresses.");
            if (seconds < 1 || seconds > 600) throw new ArgumentException("--seconds must be 1 to 600.");
            var secret = Encoding.UTF8.GetBytes(secretText);
            var users = LoadUser.ReadCsv(usersFile);

            var states = users.Select(u => Exchange(server, secret, u.UserName, new byte[0], null)).Select(StateOf).ToArray();
            int opened = states.Count(s => s != null);
            var before = ProcessSample.Read(serverPid);
            Console.WriteLine($"{opened} of {users.Count} real challenges open; server {before.ResidentMegabytes:F1} MB before the flood");

            long sent = 0, challenged = 0;
            using var stop = new CancellationTokenSource();
            var threads = Enumerable.Range(0, senders).Select(n => new Thread(() => Flood(server, secret, n, stop.Token, ref sent, ref challenged)) { IsBackground = true }).ToList();
            var clock = Stopwatch.StartNew();
            foreach (var thread in threads) thread.Start();

            Thread.Sleep(TimeSpan.FromSeconds(seconds / 2));
            var during = ProcessSample.Read(serverPid);
            // All second rounds at once, each on its own thread, as many users typing their codes would send them.
            int accepted = 0;
            var answering = Enumerable.Range(0, users.Count).Where(i => states[i] != null).Select(i => new Thread(() =>
            {
                var answer = Exchange(server, secret, users[i].UserName, Encoding.ASCII.GetBytes(users[i].CurrentCode()), states[i]);
                if (answer != null && (RadiusCode)answer[0] == RadiusCode.AccessAccept) Interlocked.Increment(ref accepted);
            }) { IsBackground = true }).ToList();
            foreach (var thread in answering) thread.Start();
            foreach (var thread in answering) thread.Join();
            var left = TimeSpan.FromSeconds(seconds) - clock.Elapsed;
            if (left > TimeSpan.Zero) Thread.Sleep(left);
            stop.Cancel();
            foreach (var thread in threads) thread.Join(5000);
            var after = ProcessSample.Read(serverPid);
            Console.WriteLine(string.Format(CultureInfo.InvariantCulture,
                "flood: {0} username-only requests in {1:F1} s, {2} answered with a challenge; second rounds: {3} of {4} accepted during the flood; " +
                "server {5:F1} MB before, {6:F1} MB halfway, {7:F1} MB after",
                Interlocked.Read(ref sent), clock.Elapsed.TotalSeconds, Interlocked.Read(ref challenged), accepted, opened,
                before.ResidentMegabytes, during.ResidentMegabytes, after.ResidentMegabytes));
            Console.WriteLine("FLOOD " + string.Format(CultureInfo.InvariantCulture,
                "{{\"sent\":{0},\"challenged\":{1},\"opened\":{2},\"accepted\":{3},\"seconds\":{4:F1},{5},{6},{7}}}",
                Interlocked.Read(ref sent), Interlocked.Read(ref challenged), opened, accepted, clock.Elapsed.TotalSeconds,
                before.ToJson("before"), during.ToJson("halfway"), after.ToJson("after")));
            return 0;
        }

        // One sender: its own socket, requests as fast as it can send them; answers counted by a reader on the same socket.
        private static void Flood(IPEndPoint server, byte[] secret, int sender, CancellationToken stop, ref long sent, ref long challenged)
        {
            using var socket = new Socket(server.AddressFamily, SocketType.Dgram, ProtocolType.Udp) { ReceiveTimeout = 200 };
            socket.Connect(server);
            long answers = 0;
            var reader = new Thread(() =>
            {
                var buffer = new byte[4096];
                while (!stop.IsCancellationRequested)
                {
                    try
                    {
                        if (socket.Receive(buffer) >= 20 && (RadiusCode)buffer[0] == RadiusCode.AccessChallenge) Interlocked.Increment(ref answers);
                    }
                    catch (SocketException)
                    {
                    }
                    catch (ObjectDisposedException)
                    {
                        return;
                    }
                }
            }) { IsBackground = true };
            reader.Start();
            for (long n = 0; !stop.IsCancellationRequested; n++)
            {
                socket.Send(Request(secret, (byte)n, $"flood{sender}-{n}", new byte[0], null));
                Interlocked.Increment(ref sent);
                // Yield now and then: on two cores a sender that never sleeps measures the scheduler, not the server.
                if ((n & 63) == 63) Thread.Sleep(1);
            }
            reader.Join(1000);
            Interlocked.Add(ref challenged, Interlocked.Read(ref answers));
        }

        // One request and its answer, retransmitted as a NAS would (the same packet, up to 3 tries, 2 s apart).
        private static byte[]? Exchange(IPEndPoint server, byte[] secret, string userName, byte[] password, byte[]? state)
        {
            using var socket = new Socket(server.AddressFamily, SocketType.Dgram, ProtocolType.Udp) { ReceiveTimeout = 2000 };
            socket.Connect(server);
            var request = Request(secret, 1, userName, password, state);
            var buffer = new byte[4096];
            for (int attempt = 0; attempt < Tries; attempt++)
            {
                socket.Send(request);
                try
                {
                    int length = socket.Receive(buffer);
                    if (length >= 20 && buffer[1] == request[1]) return buffer.Take(length).ToArray();
                }
                catch (SocketException)
                {
                }
            }
            return null;
        }

        private static byte[] Request(byte[] secret, byte identifier, string userName, byte[] password, byte[]? state)
        {
            var authenticator = new byte[16];
            RandomNumberGenerator.Fill(authenticator);
            var packet = new RadiusPacket(RadiusCode.AccessRequest, identifier, authenticator);
            packet.Add(RadiusAttribute.FromText(RadiusAttributeType.UserName, userName));
            packet.Add(new RadiusAttribute(RadiusAttributeType.UserPassword, PapPassword.Hide(password, secret, authenticator)));
            if (state != null) packet.Add(new RadiusAttribute(RadiusAttributeType.State, state));
            return PacketSigner.EncodeRequest(packet, secret);
        }

        private static byte[]? StateOf(byte[]? answer) =>
            answer != null && RadiusPacket.TryParse(answer, out var parsed) == PacketError.None ? parsed!.Find(RadiusAttributeType.State)?.Value : null;
    }
}
