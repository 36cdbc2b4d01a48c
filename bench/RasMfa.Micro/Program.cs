using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Running;

namespace RasMfa.Micro
{
    /// <summary>dotnet run -c Release --project bench/RasMfa.Micro [-- --filter *]; prints times, ratios to the baseline and bytes allocated.</summary>
    internal static class Program
    {
        private static void Main(string[] args)
        {
            // A short job: the figures are compared within one run, against its own baseline.
            var config = DefaultConfig.Instance.AddJob(Job.Default.WithWarmupCount(3).WithIterationCount(15));
            BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args.Length == 0 ? new[] { "--filter", "*" } : args, config);
        }
    }
}
