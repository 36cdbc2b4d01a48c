using System;
using System.Collections.Concurrent;
using System.Net;

namespace RasMfa.Engine.Radius.Server
{
    /// <summary>A token bucket per client address for Status-Server (RFC 5997 section 3 asks servers to rate-limit it).</summary>
    public sealed class StatusServerLimiter
    {
        private readonly ConcurrentDictionary<IPAddress, Bucket> _buckets = new ConcurrentDictionary<IPAddress, Bucket>();
        private readonly double _perSecond;
        private readonly double _burst;
        private readonly Func<DateTime> _clock;

        public StatusServerLimiter(double perSecond = 10, double burst = 20, Func<DateTime>? clock = null)
        {
            _perSecond = perSecond;
            _burst = burst;
            _clock = clock ?? (() => DateTime.UtcNow);
        }

        public bool TryTake(IPAddress source)
        {
            var bucket = _buckets.GetOrAdd(source, _ => new Bucket(_burst, _clock()));
            lock (bucket)
            {
                var now = _clock();
                bucket.Tokens = Math.Min(_burst, bucket.Tokens + (now - bucket.LastRefill).TotalSeconds * _perSecond);
                bucket.LastRefill = now;
                if (bucket.Tokens < 1) return false;
                bucket.Tokens -= 1;
                return true;
            }
        }

        private sealed class Bucket
        {
            public Bucket(double tokens, DateTime now)
            {
                Tokens = tokens;
                LastRefill = now;
            }

            public double Tokens { get; set; }

            public DateTime LastRefill { get; set; }
        }
    }
}
