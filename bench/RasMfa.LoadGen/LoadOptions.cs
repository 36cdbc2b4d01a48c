using System;
using System.Collections.Generic;
using System.Globalization;
using System.Net;

namespace RasMfa.LoadGen
{
    internal enum LoginFlow
    {
        /// <summary>One request: the code in User-Password.</summary>
        Code,

        /// <summary>Two: the user name with an empty password (answered with Access-Challenge), then the code with the State.</summary>
        Challenge,
    }

    /// <summary>
    /// Command line: load --server 127.0.0.1:1812 [--also-server 127.0.0.1:1813] --secret S --users users.csv --requests N [--in-flight K | --rate R]
    /// [--timeout-ms T] [--expect radius|echo] [--flow code|challenge] [--hold-challenges [--swap-users]] [--server-pid P]
    /// [--code right|wrong] [--code-at TIME] [--time-round R] [--latency-file F] [--answers-file F]
    /// </summary>
    internal sealed class LoadOptions
    {
        public IPEndPoint Server { get; private set; } = new IPEndPoint(IPAddress.Loopback, 1812);

        /// <summary>
        /// A second server that gets every datagram too, as RAS active-active sends each request to both of its RADIUS servers:
        /// the first answer is the login's, the other is counted (and its code compared); null: one server.
        /// </summary>
        public IPEndPoint? AlsoServer { get; private set; }
        public string Secret { get; private set; } = "";
        public string UsersFile { get; private set; } = "";
        public int Requests { get; private set; } = 1000;
        public int InFlight { get; private set; } = 64;
        public double Rate { get; private set; }
        public int TimeoutMs { get; private set; } = 2000;
        public int Sockets { get; private set; } = 8;
        public bool Echo { get; private set; }
        public LoginFlow Flow { get; private set; } = LoginFlow.Code;

        /// <summary>Open every login's challenge first, then answer them all: that many challenges pending at once.</summary>
        public bool HoldChallenges { get; private set; }

        /// <summary>With --hold-challenges: answer each State in the next user's name (the server must refuse every one).</summary>
        public bool SwapUsers { get; private set; }

        /// <summary>With --hold-challenges: the server process whose memory and threads are read before, between and after.</summary>
        public int ServerProcessId { get; private set; }

        /// <summary>Send a code that is not the user's (every answer a failure): for timing wrong codes, known users against unknown ones.</summary>
        public bool WrongCode { get; private set; }

        /// <summary>
        /// Every code is the one for the TOTP step at this time (UTC), not at its sending: generators that stand for RAS
        /// active-active, which sends one login's code to both servers, send the same code even when a step ends between
        /// their sends. Null: the step current when each is sent.
        /// </summary>
        public DateTime? CodeAtUtc { get; private set; }

        /// <summary>
        /// Challenge flow: answer every Access-Challenge with a code until round R, and time round R alone (from its sending
        /// to its answer); 0: time the whole login, as sent round by round.
        /// </summary>
        public int TimeRound { get; private set; }

        /// <summary>Where to write each login's user name and time ("name TAB ms", in the order sent) for a script to pair and pool; empty: nowhere.</summary>
        public string LatencyFile { get; private set; } = "";

        /// <summary>
        /// Where to write each login's user name, last answer, and when it was sent and answered ("name TAB Accept|Reject|Challenge|none
        /// TAB sent TAB answered", times in UTC ISO 8601, answered empty when none came; in the order sent), for a test to match
        /// against the audit log and an outage's times; empty: nowhere.
        /// </summary>
        public string AnswersFile { get; private set; } = "";

        public static LoadOptions Parse(IReadOnlyList<string> args)
        {
            var options = new LoadOptions();
            for (int i = 0; i < args.Count; i++)
            {
                string Next() => i + 1 < args.Count ? args[++i] : throw new ArgumentException($"{args[i]} needs a value.");
                switch (args[i])
                {
                    case "--server":
                        options.Server = ParseEndPoint(Next());
                        break;
                    case "--also-server": options.AlsoServer = ParseEndPoint(Next()); break;
                    case "--secret": options.Secret = Next(); break;
                    case "--users": options.UsersFile = Next(); break;
                    case "--requests": options.Requests = int.Parse(Next(), CultureInfo.InvariantCulture); break;
                    case "--in-flight": options.InFlight = int.Parse(Next(), CultureInfo.InvariantCulture); break;
                    case "--rate": options.Rate = double.Parse(Next(), CultureInfo.InvariantCulture); break;
                    case "--timeout-ms": options.TimeoutMs = int.Parse(Next(), CultureInfo.InvariantCulture); break;
                    case "--sockets": options.Sockets = int.Parse(Next(), CultureInfo.InvariantCulture); break;
                    case "--expect": options.Echo = Next() == "echo"; break;
                    case "--flow": options.Flow = Next() == "challenge" ? LoginFlow.Challenge : LoginFlow.Code; break;
                    case "--hold-challenges": options.HoldChallenges = true; options.Flow = LoginFlow.Challenge; break;
                    case "--swap-users": options.SwapUsers = true; break;
                    case "--code": options.WrongCode = Next() == "wrong"; break;
                    case "--code-at": options.CodeAtUtc = DateTime.Parse(Next(), CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal); break;
                    case "--time-round": options.TimeRound = int.Parse(Next(), CultureInfo.InvariantCulture); break;
                    case "--latency-file": options.LatencyFile = Next(); break;
                    case "--answers-file": options.AnswersFile = Next(); break;
                    case "--server-pid": options.ServerProcessId = int.Parse(Next(), CultureInfo.InvariantCulture); break;
                    default: throw new ArgumentException($"Unknown option {args[i]}.");
                }
            }
            if (!IPAddress.IsLoopback(options.Server.Address) || (options.AlsoServer != null && !IPAddress.IsLoopback(options.AlsoServer.Address)))
                throw new ArgumentException("The load generator only sends to loopback addresses.");
            if (options.AlsoServer != null && options.HoldChallenges) throw new ArgumentException("--also-server does not go with --hold-challenges.");
            if (options.Requests < 1 || options.Requests > 10_000_000) throw new ArgumentException("--requests must be 1 to 10,000,000.");
            if (options.InFlight < 1 || options.InFlight > options.Sockets * 200) throw new ArgumentException($"--in-flight must be 1 to {options.Sockets * 200}.");
            if (options.TimeRound < 0 || options.TimeRound > 10) throw new ArgumentException("--time-round must be 0 to 10.");
            if (options.TimeRound > 1 && options.Flow != LoginFlow.Challenge) throw new ArgumentException("--time-round above 1 needs --flow challenge.");
            if (options.SwapUsers && !options.HoldChallenges) throw new ArgumentException("--swap-users needs --hold-challenges.");
            return options;
        }

        private static IPEndPoint ParseEndPoint(string text)
        {
            var parts = text.Split(':');
            return new IPEndPoint(IPAddress.Parse(parts[0]), int.Parse(parts[1], CultureInfo.InvariantCulture));
        }
    }
}
