using System;
using System.Collections.Concurrent;
using System.Net;

namespace RasMfa.Engine.Radius.Server
{
    /// <summary>
    /// RFC 5080 section 2.2.2 duplicate detection. Key: client address and port, Identifier, Request Authenticator.
    /// A retransmission of an answered request gets the same bytes; one still in progress is dropped.
    /// Holds at most <see cref="MaxEntries"/> requests: beyond that a new request is handled but not remembered, so memory
    /// stays bounded under a flood, at the price of RFC 5080's guarantee for those requests only (a retransmission of one is
    /// decided again, as a new request: a code already used is then refused as replayed, a challenge opened twice).
    /// An answered request is remembered for the lifetime; one still in progress until it is completed or abandoned, however
    /// long its push hold or provider send takes (else RAS's retransmission would be held or sent a second time), and at most
    /// <see cref="InProgressCeiling"/>, so a handler that never returns cannot keep its entry for ever.
    /// </summary>
    public sealed class DuplicateCache
    {
        /// <summary>
        /// About 250 octets an entry, so some 25 MB at most. Entries live 15 s by default: 100,000 is 6,600 requests a second
        /// sustained, about the most this listener answers on the benchmark's machine, so only a flood fills it.
        /// </summary>
        public const int DefaultMaxEntries = 100_000;

        /// <summary>
        /// Far beyond the longest a request is held (a push, 55 s at most, after a send of 15 s at most) and the 30-60 s a
        /// RAS server waits and retransmits: only a handler that hangs reaches it.
        /// </summary>
        public static readonly TimeSpan InProgressCeiling = TimeSpan.FromMinutes(10);

        private readonly ConcurrentDictionary<RequestKey, Entry> _entries = new ConcurrentDictionary<RequestKey, Entry>();
        private readonly TimeSpan _lifetime;
        private readonly Func<DateTime> _clock;
        private long _nextSweepTicks;
        private int _count;

        public DuplicateCache(TimeSpan lifetime, Func<DateTime>? clock = null, int maxEntries = DefaultMaxEntries)
        {
            if (lifetime < TimeSpan.FromSeconds(1)) throw new ArgumentOutOfRangeException(nameof(lifetime));
            if (maxEntries < 1) throw new ArgumentOutOfRangeException(nameof(maxEntries));
            _lifetime = lifetime;
            _clock = clock ?? (() => DateTime.UtcNow);
            MaxEntries = maxEntries;
        }

        public int MaxEntries { get; }

        // Kept by hand: ConcurrentDictionary.Count takes every lock of the table, too dear on each packet.
        public int Count => System.Threading.Volatile.Read(ref _count);

        /// <summary>
        /// Registers a new request, or tells what to do with a duplicate: resend <paramref name="cachedResponse"/> or drop.
        /// <see cref="DuplicateStatus.NotCached"/>: a new request, handled without being remembered because the cache is full.
        /// </summary>
        public DuplicateStatus Begin(RequestKey key, out byte[]? cachedResponse)
        {
            cachedResponse = null;
            var now = _clock();
            SweepIfDue(now);
            var fresh = new Entry(now + InProgressCeiling);
            if (!_entries.TryGetValue(key, out var entry))
            {
                if (System.Threading.Interlocked.Increment(ref _count) > MaxEntries)
                {
                    System.Threading.Interlocked.Decrement(ref _count);
                    return DuplicateStatus.NotCached;
                }
                entry = _entries.GetOrAdd(key, fresh);
                if (ReferenceEquals(entry, fresh)) return DuplicateStatus.New;
                System.Threading.Interlocked.Decrement(ref _count); // another copy added it first
            }
            if (entry.ExpiresUtc < now)
            {
                // The old answer is stale: this is a new request that happens to reuse the key. A copy that lost the race
                // to replace it looks again (another copy's entry, or none).
                return _entries.TryUpdate(key, fresh, entry) ? DuplicateStatus.New : Begin(key, out cachedResponse);
            }
            cachedResponse = entry.Response;
            return cachedResponse == null ? DuplicateStatus.InProgress : DuplicateStatus.Answered;
        }

        /// <summary>Remembers the answer of a request that <see cref="Begin"/> registered; one it did not (cache full) stays unremembered.</summary>
        public void Complete(RequestKey key, byte[] response)
        {
            var answered = new Entry(_clock() + _lifetime) { Response = response };
            while (_entries.TryGetValue(key, out var current) && !_entries.TryUpdate(key, answered, current))
            {
            }
        }

        /// <summary>Forgets a request that got no answer, so a retransmission is handled afresh.</summary>
        public void Abandon(RequestKey key)
        {
            if (_entries.TryRemove(key, out _)) System.Threading.Interlocked.Decrement(ref _count);
        }

        private void SweepIfDue(DateTime now)
        {
            long due = System.Threading.Interlocked.Read(ref _nextSweepTicks);
            if (now.Ticks < due || System.Threading.Interlocked.CompareExchange(ref _nextSweepTicks, now.Ticks + TimeSpan.TicksPerSecond, due) != due) return;
            foreach (var pair in _entries)
            {
                if (pair.Value.ExpiresUtc < now && _entries.TryRemove(pair.Key, out _)) System.Threading.Interlocked.Decrement(ref _count);
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

        /// <summary>New, but the cache is full: handle it without <see cref="DuplicateCache.Complete"/> or Abandon mattering.</summary>
        NotCached,
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
