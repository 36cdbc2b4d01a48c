using System.Globalization;
using System.IO;
using System.Linq;

namespace RasMfa.LoadGen
{
    /// <summary>A server process's resident memory and thread count, read from /proc (the benchmark runs on Linux).</summary>
    internal sealed class ProcessSample
    {
        private ProcessSample(double residentMegabytes, int threads)
        {
            ResidentMegabytes = residentMegabytes;
            Threads = threads;
        }

        public double ResidentMegabytes { get; }

        public int Threads { get; }

        public static ProcessSample Read(int processId)
        {
            var lines = File.ReadAllLines($"/proc/{processId}/status");
            string Field(string name) => lines.First(l => l.StartsWith(name + ":")).Substring(name.Length + 1).Trim().Split(' ')[0];
            return new ProcessSample(double.Parse(Field("VmRSS"), CultureInfo.InvariantCulture) / 1024, int.Parse(Field("Threads"), CultureInfo.InvariantCulture));
        }

        public string ToJson(string prefix) => string.Format(CultureInfo.InvariantCulture, "\"{0}MB\":{1:F1},\"{0}Threads\":{2}", prefix, ResidentMegabytes, Threads);
    }
}
