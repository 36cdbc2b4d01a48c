using System;
using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using System.Security.Cryptography;
using System.Threading;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using RasMfa.Engine.Configuration;

namespace RasMfa.Engine.Mfa
{
    public enum ChallengeLookup
    {
        Found,
        Unknown,
        Expired,
        Foreign,
    }

    /// <summary>Whether a client may open another challenge, and if not, which cap stops it.</summary>
    public enum ChallengeRoom
    {
        Available,
        ClientFull,
        AllFull,
    }

    /// <summary>
    /// The request path's view of the challenges in the store (<see cref="ILoginStore"/>), which every server sharing it
    /// reads, so that any of them finishes a challenge another opened. States are 16 random octets, bound to user and
    /// client, expiring; a challenge is stored in the write that answers Access-Challenge and spent (deleted) in the write
    /// that settles its next round, never here. Open challenges are capped per client and in total
    /// (<see cref="MfaSettings.MaxPendingChallengesPerClient"/>, <see cref="MfaSettings.MaxPendingChallenges"/>), so that a
    /// flood of "Forward username only" requests cannot grow the store without end: counted from the store at most once a
    /// second, plus the challenges this listener opened since.
    /// </summary>
    public sealed class ChallengeStore
    {
        public const int StateLength = 16;
        private static readonly TimeSpan CountsFreshFor = TimeSpan.FromSeconds(1);
        private readonly ILoginStore _logins;
        private readonly Func<DateTime> _clock;
        private readonly Func<MfaSettings> _settings;
        private readonly UnreadableRowLog _unreadable;
        private readonly RecentStates _recent;
        private readonly object _refreshing = new object();
        private readonly ConcurrentDictionary<string, StrongBox<int>> _openedSince = new ConcurrentDictionary<string, StrongBox<int>>(StringComparer.OrdinalIgnoreCase);
        private ChallengeCounts _counts = ChallengeCounts.None;
        private long _countedTicks = DateTime.MinValue.Ticks;
        private int _openedSinceTotal;

        public ChallengeStore(ILoginStore logins, Func<DateTime>? clock = null, Func<MfaSettings>? settings = null, ILogger? logger = null)
        {
            _logins = logins;
            _clock = clock ?? (() => DateTime.UtcNow);
            var defaults = new MfaSettings();
            _settings = settings ?? (() => defaults);
            _unreadable = new UnreadableRowLog(logger ?? NullLogger.Instance, TimeSpan.FromSeconds(10));
            _recent = new RecentStates(_clock);
        }

        /// <summary>A new State: 16 octets from a CSPRNG, made before the write that stores its challenge.</summary>
        public static byte[] NewState()
        {
            var state = new byte[StateLength];
            using (var random = RandomNumberGenerator.Create()) random.GetBytes(state);
            return state;
        }

        /// <summary>Open challenges over all clients, as last counted (at most a second ago) plus this listener's opens since.</summary>
        public int Count
        {
            get
            {
                RefreshIfDue();
                return Volatile.Read(ref _counts).Total + Volatile.Read(ref _openedSinceTotal);
            }
        }

        /// <summary>Open challenges of one client, counted as <see cref="Count"/> is.</summary>
        public int CountOf(string clientName)
        {
            RefreshIfDue();
            return Volatile.Read(ref _counts).Of(clientName) + (_openedSince.TryGetValue(clientName, out var mine) ? Volatile.Read(ref mine.Value) : 0);
        }

        /// <summary>Whether <paramref name="clientName"/> may open a challenge now: checked before a first round's work.</summary>
        public ChallengeRoom RoomFor(string clientName)
        {
            var settings = _settings();
            if (Count >= settings.MaxPendingChallenges) return ChallengeRoom.AllFull;
            return CountOf(clientName) >= settings.MaxPendingChallengesPerClient ? ChallengeRoom.ClientFull : ChallengeRoom.Available;
        }

        /// <summary>This listener's write stored <paramref name="challenge"/>: counted until the next count from the store, and known open here.</summary>
        public void Opened(PendingChallenge challenge)
        {
            Interlocked.Increment(ref _openedSince.GetOrAdd(challenge.ClientName, _ => new StrongBox<int>()).Value);
            Interlocked.Increment(ref _openedSinceTotal);
            _recent.Note(challenge);
        }

        /// <summary>This listener's write spent the challenge <paramref name="state"/> named.</summary>
        public void Spent(byte[] state) => _recent.Forget(state);

        /// <summary>
        /// The challenge a State names, read from the store and left there: the client must be the one it was issued to;
        /// whether the user is the same is the caller's check, by identity, since DOMAIN\name and name@suffix may name one user.
        /// A row this RasMfa cannot read (altered, another version's) is as unknown: refused, and logged at a rate limit.
        /// </summary>
        public ChallengeLookup Find(byte[] state, string clientName, out PendingChallenge? challenge)
        {
            try
            {
                challenge = state.Length == StateLength ? _logins.FindChallenge(state) : null;
            }
            catch (UnreadableRowException e)
            {
                _unreadable.Unreadable(e.Table, e.Message, "its State is refused as unknown");
                challenge = null;
            }
            if (challenge == null) return ChallengeLookup.Unknown;
            if (challenge.ExpiresUtc <= _clock()) return ChallengeLookup.Expired;
            if (!string.Equals(challenge.ClientName, clientName, StringComparison.OrdinalIgnoreCase)) return ChallengeLookup.Foreign;
            _recent.Note(challenge);
            return ChallengeLookup.Found;
        }

        /// <summary>
        /// Whether a State names a challenge open for this client as far as this listener knows (one it opened, or read
        /// recently), never reading the store: how the in-flight cap tells a second round from a first under a flood.
        /// </summary>
        public bool IsKnownOpen(byte[] state, string clientName) => _recent.IsOpen(state, clientName);

        // One thread counts; the others go on with the counts they have. An open is counted here only once its write has
        // committed, so the opens noted before the count began are in it and are taken off; those noted while it ran may be
        // counted twice until the next count: the safe side.
        private void RefreshIfDue()
        {
            var now = _clock();
            var counted = new DateTime(Interlocked.Read(ref _countedTicks), DateTimeKind.Utc);
            if (now >= counted && now - counted < CountsFreshFor) return;
            if (!Monitor.TryEnter(_refreshing)) return;
            try
            {
                var before = new System.Collections.Generic.List<(StrongBox<int> Box, int Value)>();
                foreach (var pair in _openedSince) before.Add((pair.Value, Volatile.Read(ref pair.Value.Value)));
                int totalBefore = Volatile.Read(ref _openedSinceTotal);
                var counts = _logins.CountChallenges(now);
                Volatile.Write(ref _counts, counts);
                Interlocked.Exchange(ref _countedTicks, now.Ticks);
                foreach (var (box, value) in before) Interlocked.Add(ref box.Value, -value);
                Interlocked.Add(ref _openedSinceTotal, -totalBefore);
            }
            catch (Exception)
            {
                // The store could not be read: the counts so far stand, and the next look counts again. A login that needs
                // the store fails on its own read or write and is answered as such.
            }
            finally
            {
                Monitor.Exit(_refreshing);
            }
        }
    }
}
