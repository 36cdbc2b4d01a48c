using System;

namespace RasMfa.Engine.Delivery
{
    /// <summary>
    /// The longest one send to a provider may take. RAS waits 30-60 s for an answer and retransmits meanwhile; a send that
    /// takes longer leaves the user with no answer at all (and a push still has its hold to come), so every provider type
    /// refuses more, and a row stored before the cap (up to 120 or 300 s) is clamped when its channel is made.
    /// </summary>
    public static class SendTimeout
    {
        public const int MaxSeconds = 15;

        /// <summary>What a channel waits: the stored seconds, at most <see cref="MaxSeconds"/>.</summary>
        public static int Effective(int configuredSeconds) => Math.Max(1, Math.Min(configuredSeconds, MaxSeconds));

        public static string? Invalidity(int seconds) => seconds < 1 || seconds > MaxSeconds
            ? $"the timeout must be 1 to {MaxSeconds} seconds (it is {seconds}): a send must end well before the RADIUS client stops waiting"
            : null;
    }
}
