using System;
using System.Globalization;
using System.Linq;

namespace RasMfa.LoadGen
{
    /// <summary>
    ///   load ...  drive a RADIUS server (see LoadOptions) and print the summary and one JSON line;
    ///   flood ...  one client's flood of username-only requests, with real second rounds during it (see FloodRunner);
    ///   echo --port P --seconds S  run a bare UDP echo for the ceiling measurement;
    ///   mutate ...  send mutated requests for minutes, checking a login and the server's memory each minute (see MutationOptions).
    /// </summary>
    internal static class Program
    {
        private static int Main(string[] args)
        {
            try
            {
                if (args.Length > 0 && args[0] == "echo")
                {
                    EchoServer.Run(int.Parse(args[2], CultureInfo.InvariantCulture), TimeSpan.FromSeconds(args.Length > 4 ? double.Parse(args[4], CultureInfo.InvariantCulture) : 600));
                    return 0;
                }
                if (args.Length > 0 && args[0] == "mutate")
                {
                    var mutation = MutationOptions.Parse(args.Skip(1).ToList());
                    return new MutationRunner(mutation, LoadUser.ReadCsv(mutation.UsersFile)).Run();
                }
                if (args.Length > 0 && args[0] == "flood") return FloodRunner.Run(args.Skip(1).ToList());
                if (args.Length == 0 || args[0] != "load")
                    throw new ArgumentException("usage: load --server HOST:PORT [--also-server HOST:PORT] --secret S --users FILE --requests N [--in-flight K | --rate R] [--flow code|challenge] " +
                        "[--hold-challenges --server-pid P] | flood --server HOST:PORT --secret S --users FILE --seconds N --server-pid P | echo --port P --seconds S | mutate --server HOST:PORT --secret S --users FILE --minutes N --server-pid P [--rate R]");
                var options = LoadOptions.Parse(args.Skip(1).ToList());
                var users = options.Echo && options.UsersFile.Length == 0
                    ? new[] { new LoadUser("echo", new Engine.Tokens.OtpToken("echo", Engine.Tokens.OtpTokenType.Totp, new byte[20])) }
                    : LoadUser.ReadCsv(options.UsersFile).ToArray();
                if (!options.Echo && options.Requests > users.Length)
                    throw new ArgumentException($"{options.Requests} requests need {options.Requests} users: each user's code is valid once per 30-second step.");
                var runner = new LoadRunner(options, users);
                ProcessSample? before = null, held = null;
                int opened = 0;
                if (options.ServerProcessId > 0)
                {
                    before = ProcessSample.Read(options.ServerProcessId);
                    runner.ChallengesHeld = count =>
                    {
                        opened = count;
                        held = ProcessSample.Read(options.ServerProcessId);
                        Console.WriteLine($"{count} challenges pending: {held.ResidentMegabytes:F1} MB resident, {held.Threads} threads (before: {before.ResidentMegabytes:F1} MB, {before.Threads} threads)");
                    };
                }
                var result = runner.Run();
                Console.WriteLine(string.Format(CultureInfo.InvariantCulture,
                    "sent {0}, accepted {1}, rejected {2}, challenged {3}, invalid {4}, lost {5} in {6:F2} s: {7:F0} answers/s; p50 {8:F3} ms, p95 {9:F3} ms, p99 {10:F3} ms, max {11:F3} ms",
                    result.Sent, result.Accepted, result.Rejected, result.Challenged, result.Invalid, result.Lost, result.Elapsed.TotalSeconds,
                    result.Answered / result.Elapsed.TotalSeconds, result.Percentile(50), result.Percentile(95), result.Percentile(99), result.Latencies.LastOrDefault()));
                if (result.SecondServer != null)
                    Console.WriteLine($"the other server: {result.SecondServer.Answered} answered too, {result.SecondServer.Differing} of them with another code, {result.SecondServer.Missing} never");
                Console.WriteLine("RESULT " + result.ToJson());
                if (options.LatencyFile.Length > 0)
                    System.IO.File.WriteAllLines(options.LatencyFile, runner.LatencyOfEachLogin().Select(l => l.UserName + "\t" + l.Milliseconds.ToString("R", CultureInfo.InvariantCulture)));
                if (options.AnswersFile.Length > 0)
                    System.IO.File.WriteAllLines(options.AnswersFile, runner.AnswerOfEachLogin().Select(a =>
                        a.UserName + "\t" + AnswerName(a.Answer) + "\t" + UtcText(a.SentUtc) + "\t" + UtcText(a.AnsweredUtc)));
                if (before != null)
                {
                    var after = ProcessSample.Read(options.ServerProcessId);
                    Console.WriteLine("PENDING {\"opened\":" + opened + "," + before.ToJson("before") + "," + (held ?? before).ToJson("held") + "," + after.ToJson("after") + "}");
                }
                return 0;
            }
            catch (ArgumentException e)
            {
                Console.Error.WriteLine(e.Message);
                return 2;
            }
        }

        private static string AnswerName(Engine.Radius.RadiusCode? answer) => answer switch
        {
            null => "none",
            Engine.Radius.RadiusCode.AccessAccept => "Accept",
            Engine.Radius.RadiusCode.AccessReject => "Reject",
            Engine.Radius.RadiusCode.AccessChallenge => "Challenge",
            _ => answer.Value.ToString(),
        };

        private static string UtcText(DateTime utc) => utc == default ? "" : utc.ToString("o", CultureInfo.InvariantCulture);
    }
}
