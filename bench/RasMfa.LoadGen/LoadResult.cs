using System;
using System.Globalization;
using System.Linq;

namespace RasMfa.LoadGen
{
    /// <summary>What one run measured; printed as text and as one JSON line for Invoke-Benchmark.ps1.</summary>
    internal sealed class LoadResult
    {
        public LoadResult(int sent, int accepted, int rejected, int challenged, int invalid, int lost, TimeSpan elapsed, double[] sortedLatencyMs)
        {
            Sent = sent;
            Accepted = accepted;
            Rejected = rejected;
            Challenged = challenged;
            Invalid = invalid;
            Lost = lost;
            Elapsed = elapsed;
            Latencies = sortedLatencyMs;
        }

        public int Sent { get; }
        public int Accepted { get; }
        public int Rejected { get; }
        public int Challenged { get; }
        public int Invalid { get; }
        public int Lost { get; }
        public TimeSpan Elapsed { get; }
        public double[] Latencies { get; }
        public int Answered => Latencies.Length;

        /// <summary>With two servers (--also-server): what the server that answered second did; null with one.</summary>
        public SecondServerAnswers? SecondServer { get; set; }

        public double Percentile(double p) => Latencies.Length == 0 ? double.NaN : Latencies[Math.Min(Latencies.Length - 1, (int)Math.Ceiling(p / 100 * Latencies.Length) - 1)];

        public string ToJson() => string.Format(CultureInfo.InvariantCulture,
            "{{{14}\"sent\":{0},\"answered\":{1},\"accepted\":{2},\"rejected\":{3},\"challenged\":{4},\"invalid\":{5},\"lost\":{6},\"seconds\":{7:F3},\"answeredPerSecond\":{8:F1},\"acceptedPerSecond\":{9:F1},\"p50\":{10:F3},\"p95\":{11:F3},\"p99\":{12:F3},\"max\":{13:F3}}}",
            Sent, Answered, Accepted, Rejected, Challenged, Invalid, Lost, Elapsed.TotalSeconds, Answered / Elapsed.TotalSeconds, Accepted / Elapsed.TotalSeconds,
            Percentile(50), Percentile(95), Percentile(99), Latencies.Length == 0 ? double.NaN : Latencies.Last(),
            SecondServer == null ? "" : string.Format(CultureInfo.InvariantCulture, "\"secondAnswered\":{0},\"secondDiffering\":{1},\"secondMissing\":{2},",
                SecondServer.Answered, SecondServer.Differing, SecondServer.Missing));
    }

    /// <summary>
    /// Active-active: of the requests answered first by one server, how many the other answered too, how many of those with
    /// another code (Accept from one, Reject from the other: what deciding once must prevent), and how many it never answered.
    /// </summary>
    internal sealed class SecondServerAnswers
    {
        public SecondServerAnswers(int answered, int differing, int missing)
        {
            Answered = answered;
            Differing = differing;
            Missing = missing;
        }

        public int Answered { get; }
        public int Differing { get; }
        public int Missing { get; }
    }
}
