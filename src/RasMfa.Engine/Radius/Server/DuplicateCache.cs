using System;
using System.Collections.Concurrent;
using System.Net;

namespace RasMfa.Engine.Radius.Server
{
    /// <summary>
    /// RFC 5080 section 2.2.2 duplicate detection. Key: client address and port, Identifier, Request Authenticator.
    /// A retransmission of an answered request gets the same bytes; one still in progress is dropped.
    /// </summary>
    public sealed class DuplicateCache
    {
        private readonly ConcurrentDictionary<RequestKey, Entry> _entries = new ConcurrentDictionary<RequestKey, Entry>();
        private readonly TimeSpan _lifetime;
        private readonly Func<DateTime> _clock;
        private long _nextSweepTicks;

        public DuplicateCache(TimeSpan lifetime, Func<DateTime>? clock = null)
        {
            if (lifetime < TimeSpan.FromSeconds(1)) throw new ArgumentOutOfRangeException(nameof(lifetime));
            _lifetime = lifetime;
            _clock = clock ?? (() => DateTime.UtcNow);
        }

        public int Count => _entries.Count;

        /// <summary>Registers a new request, or tells what to do with a duplicate: resend <paramref name="cachedResponse"/> or drop.</summary>
        public DuplicateStatus Begin(RequestKey key, out byte[]? cachedResponse)
        {
            cachedResponse = null;
            var now = _clock();
            SweepIfDue(now);
            var fresh = new Entry(now + _lifetime);
            var entry = _entries.GetOrAdd(key, fresh);
            if (ReferenceEquals(entry, fresh)) return DuplicateStatus.New;
            if (entry.ExpiresUtc < now)
            {
                // The old answer is stale: this is a new request that happens to reuse the key.
                _entries[key] = fresh;
                return DuplicateStatus.New;
            }
            cachedResponse = entry.Response;
            return cachedResponse == null ? DuplicateStatus.InProgress : DuplicateStatus.Answered;
        }

        public void Complete(RequestKey key, byte[] response)
        {
            _entries[key] = new Entry(_clock() + _lifetime) { Response = response };
        }

        /// <summary>Forgets a request that got no answer, so a retransmission is handled afresh.</summary>
        public void Abandon(RequestKey key) => _entries.TryRemove(key, out _);

        private void SweepIfDue(DateTime now)
        {
            long due = System.Threading.Interlocked.Read(ref _nextSweepTicks);
            if (now.Ticks < due || System.Threading.Interlocked.CompareExchange(ref _nextSweepTicks, now.Ticks + TimeSpan.TicksPerSecond, due) != due) return;
            foreach (var pair in _entries)
            {
                if (pair.Value.ExpiresUtc < now) _entries.TryRemove(pair.Key, out _);
            }
        }

        private sealed class Entry
        {
            public Entry(DateTime expiresUtc) => ExpiresUtc = expiresUtc;

            public DateTime ExpiresUtc { get; }

            public byte[]? Response { get; set; }
        }
    }

    public enum DuplicateStatus
    {
        New,
        InProgress,
        Answered,
    }

    /// <summary>The RFC 5080 duplicate key.</summary>
    public readonly struct RequestKey : IEquatable<RequestKey>
    {
        private readonly IPAddress _address;
        private readonly int _port;
        private readonly byte _identifier;
        private readonly ulong _authenticatorHigh;
        private readonly ulong _authenticatorLow;

        public RequestKey(IPEndPoint source, byte identifier, ReadOnlySpan<byte> authenticator)
        {
            _address = source.Address;
            _port = source.Port;
            _identifier = identifier;
            _authenticatorHigh = BitConverter.ToUInt64(authenticator.Slice(0, 8).ToArray(), 0);
            _authenticatorLow = BitConverter.ToUInt64(authenticator.Slice(8, 8).ToArray(), 0);
        }

        public bool Equals(RequestKey other) =>
            _port == other._port && _identifier == other._identifier && _authenticatorHigh == other._authenticatorHigh &&
            _authenticatorLow == other._authenticatorLow && _address.Equals(other._address);

        public override bool Equals(object? obj) => obj is RequestKey other && Equals(other);

        public override int GetHashCode() =>
            (int)(_authenticatorHigh ^ (_authenticatorHigh >> 32) ^ _authenticatorLow) ^ (_port << 8) ^ _identifier ^ _address.GetHashCode();
    }
}
