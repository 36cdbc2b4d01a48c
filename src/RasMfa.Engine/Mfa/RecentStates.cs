using System;
using System.Collections.Concurrent;

namespace RasMfa.Engine.Mfa
{
    /// <summary>
    /// The States this listener opened or read recently, with their client and expiry, bounded: how the in-flight cap tells
    /// a second round from a first without a store read (which a flood of made-up States would turn into a flood of reads).
    /// A State another server opened counts only once this one has read it; a State spent here is forgotten.
    /// </summary>
    public sealed class RecentStates
    {
        public const int Capacity = 20000;
        private readonly ConcurrentDictionary<string, (string ClientName, DateTime ExpiresUtc)> _states =
            new ConcurrentDictionary<string, (string, DateTime)>(StringComparer.Ordinal);
        private static readonly TimeSpan SweepAtMostEvery = TimeSpan.FromSeconds(1);
        private readonly Func<DateTime> _clock;
        private long _sweptTicks;

        public RecentStates(Func<DateTime> clock) => _clock = clock;

        public int Count => _states.Count;

        public void Note(PendingChallenge challenge)
        {
            if (_states.Count >= Capacity) ForgetExpired();
            // Still full of live States (a flood of first rounds): the newest go unnoted, and their second rounds queue as first rounds do.
            if (_states.Count >= Capacity) return;
            _states[Key(challenge.State)] = (challenge.ClientName, challenge.ExpiresUtc);
        }

        public void Forget(byte[] state) => _states.TryRemove(Key(state), out _);

        public bool IsOpen(byte[] state, string clientName) =>
            _states.TryGetValue(Key(state), out var known) && known.ExpiresUtc > _clock() &&
            string.Equals(known.ClientName, clientName, StringComparison.OrdinalIgnoreCase);

        // At most once a second, so that a full set is not walked at every first round of a flood.
        private void ForgetExpired()
        {
            var now = _clock();
            var swept = new DateTime(System.Threading.Interlocked.Read(ref _sweptTicks), DateTimeKind.Utc);
            if (now >= swept && now - swept < SweepAtMostEvery) return;
            System.Threading.Interlocked.Exchange(ref _sweptTicks, now.Ticks);
            foreach (var pair in _states)
                if (pair.Value.ExpiresUtc <= now) _states.TryRemove(pair.Key, out _);
        }

        private static string Key(byte[] state) => Convert.ToBase64String(state);
    }
}
