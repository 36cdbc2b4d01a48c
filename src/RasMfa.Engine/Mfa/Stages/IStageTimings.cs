namespace RasMfa.Engine.Mfa.Stages
{
    /// <summary>How long the slow stages of a login took, for the latency histograms; <see cref="None"/> when nothing measures.</summary>
    public interface IStageTimings
    {
        /// <summary>
        /// A first factor answered (<paramref name="reachable"/>: it said yes or no, not "unavailable"); <paramref name="source"/>
        /// is the configured directory or upstream servers' name, never a request value.
        /// </summary>
        void FirstFactorChecked(string source, bool reachable, double seconds);

        /// <summary>The login's one durable write (decision, audit record, answer), whether it committed or failed.</summary>
        void StoreWritten(double seconds);
    }

    public static class StageTimings
    {
        public static readonly IStageTimings None = new Unmeasured();

        public static double SecondsSince(long startTimestamp) => Radius.Server.RequestMetrics.SecondsSince(startTimestamp);

        private sealed class Unmeasured : IStageTimings
        {
            public void FirstFactorChecked(string source, bool reachable, double seconds) { }

            public void StoreWritten(double seconds) { }
        }
    }
}
