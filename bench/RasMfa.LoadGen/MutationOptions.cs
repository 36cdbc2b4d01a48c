using System;
using System.Collections.Generic;
using System.Globalization;
using System.Net;

namespace RasMfa.LoadGen
{
    /// <summary>
    /// Command line: mutate --server 127.0.0.1:1812 --secret S --users users.csv --minutes N --server-pid P [--rate R]
    /// [--max-growth F]. The users file's first user is the probe, whose login is checked each minute; the others (and
    /// random names) are the mutated traffic's.
    /// </summary>
    internal sealed class MutationOptions
    {
        public IPEndPoint Server { get; private set; } = new IPEndPoint(IPAddress.Loopback, 1812);
        public string Secret { get; private set; } = "";
        public string UsersFile { get; private set; } = "";
        public int Minutes { get; private set; } = 10;
        public double Rate { get; private set; } = 500;
        public int ServerProcessId { get; private set; }

        /// <summary>How much resident memory may grow from minute 2 to the last minute, as a fraction (0.10: 10%).</summary>
        public double MaxGrowth { get; private set; } = 0.10;

        public static MutationOptions Parse(IReadOnlyList<string> args)
        {
            var options = new MutationOptions();
            for (int i = 0; i < args.Count; i++)
            {
                string Next() => i + 1 < args.Count ? args[++i] : throw new ArgumentException($"{args[i]} needs a value.");
                switch (args[i])
                {
                    case "--server":
                        var parts = Next().Split(':');
                        options.Server = new IPEndPoint(IPAddress.Parse(parts[0]), int.Parse(parts[1], CultureInfo.InvariantCulture));
                        break;
                    case "--secret": options.Secret = Next(); break;
                    case "--users": options.UsersFile = Next(); break;
                    case "--minutes": options.Minutes = int.Parse(Next(), CultureInfo.InvariantCulture); break;
                    case "--rate": options.Rate = double.Parse(Next(), CultureInfo.InvariantCulture); break;
                    case "--server-pid": options.ServerProcessId = int.Parse(Next(), CultureInfo.InvariantCulture); break;
                    case "--max-growth": options.MaxGrowth = double.Parse(Next(), CultureInfo.InvariantCulture); break;
                    default: throw new ArgumentException($"Unknown option {args[i]}.");
                }
            }
            if (!IPAddress.IsLoopback(options.Server.Address)) throw new ArgumentException("The mutator only sends to loopback addresses.");
            if (options.Minutes < 2 || options.Minutes > 600) throw new ArgumentException("--minutes must be 2 to 600 (memory is compared from minute 2).");
            if (options.Rate < 1 || options.Rate > 20000) throw new ArgumentException("--rate must be 1 to 20,000 packets a second.");
            if (options.ServerProcessId <= 0) throw new ArgumentException("--server-pid is needed: its resident memory is sampled each minute.");
            return options;
        }
    }
}
