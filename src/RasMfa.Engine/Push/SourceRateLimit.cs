using System;
using System.Collections.Generic;

namespace RasMfa.Engine.Push
{
    /// <summary>
    /// Requests per source address in fixed one-minute windows, so that guessing tokens or flooding the store from one
    /// address is cut off early. The table is emptied each window, so it cannot grow past one minute's sources.
    /// </summary>
    public sealed class SourceRateLimit
    {
        private readonly int _perMinute;
        private readonly Dictionary<string, int> _counts = new Dictionary<string, int>(StringComparer.Ordinal);
        private long _window = -1;

        public SourceRateLimit(int perMinute) => _perMinute = perMinute;

        /// <summary>True when <paramref name="source"/> may make one more request at <paramref name="nowUtc"/>; counts it.</summary>
        public bool TryTake(string source, DateTime nowUtc)
        {
            long window = nowUtc.Ticks / TimeSpan.TicksPerMinute;
            lock (_counts)
            {
                if (window != _window)
                {
                    _counts.Clear();
                    _window = window;
                }
                _counts.TryGetValue(source, out int count);
                if (count >= _perMinute) return false;
                _counts[source] = count + 1;
                return true;
            }
        }
    }
}
