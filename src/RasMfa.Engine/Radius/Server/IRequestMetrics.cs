namespace RasMfa.Engine.Radius.Server
{
    /// <summary>What the packet path reports to the metrics endpoint; <see cref="RequestMetrics.None"/> when it is off.</summary>
    public interface IRequestMetrics
    {
        /// <summary>A datagram read from the socket, before anything is checked.</summary>
        void Received();

        void Dropped(DropReason reason);

        /// <summary>An Access-Request answered: its code, the decision's label (bounded; null when the handler names none), and its time from receipt.</summary>
        void Answered(RadiusCode code, string? label, double seconds);
    }

    public static class RequestMetrics
    {
        public static readonly IRequestMetrics None = new Unmeasured();

        /// <summary>Seconds since <paramref name="startTimestamp"/> (a Stopwatch timestamp): no allocation on the request path.</summary>
        public static double SecondsSince(long startTimestamp) =>
            (System.Diagnostics.Stopwatch.GetTimestamp() - startTimestamp) / (double)System.Diagnostics.Stopwatch.Frequency;

        private sealed class Unmeasured : IRequestMetrics
        {
            public void Received() { }

            public void Dropped(DropReason reason) { }

            public void Answered(RadiusCode code, string? label, double seconds) { }
        }
    }
}
