using System;
using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using System.Security.Cryptography;
using System.Threading;
using RasMfa.Engine.Configuration;

namespace RasMfa.Engine.Mfa
{
    /// <summary>An open Access-Challenge: which user, at which client, until when, after how many wrong codes.</summary>
    public sealed class PendingChallenge
    {
        public PendingChallenge(long userId, string userName, string clientName, DateTime expiresUtc, int attempts, string? refusal = null)
        {
            Refusal = refusal;
            UserId = userId;
            UserName = userName;
            ClientName = clientName;
            ExpiresUtc = expiresUtc;
            Attempts = attempts;
        }

        public long UserId { get; }
        public string UserName { get; }
        public string ClientName { get; }
        public DateTime ExpiresUtc { get; }
        public int Attempts { get; }

        /// <summary>Set on a decoy challenge: the reason the login will be refused whatever code comes.</summary>
        public string? Refusal { get; }

        /// <summary>The method that began the challenge by sending something, and what it remembered; null: any of the user's methods.</summary>
        public string? MethodName { get; set; }

        public object? MethodData { get; set; }

        /// <summary>The User-Name of the round that opened it: a user found by their account's other names is theirs again under it.</summary>
        public string? RequestedName { get; set; }

        /// <summary>What the first factor's Access-Accept carried, to pass on with ours once the code is right.</summary>
        public System.Collections.Generic.IReadOnlyList<Radius.RadiusAttribute> ReplyAttributes { get; set; } = new Radius.RadiusAttribute[0];
    }

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
    /// Challenge States: 16 random octets, single use (taken on first sight), bound to user and client, expiring.
    /// Kept in the listener's memory; a restart ends open challenges, and the user starts the login again.
    /// Capped per client and in total (<see cref="MfaSettings.MaxPendingChallengesPerClient"/>, <see cref="MfaSettings.MaxPendingChallenges"/>),
    /// so that a flood of "Forward username only" requests cannot grow memory without end.
    /// </summary>
    public sealed class ChallengeStore
    {
        private const int StateLength = 16;
        private readonly ConcurrentDictionary<string, PendingChallenge> _pending = new ConcurrentDictionary<string, PendingChallenge>();
        private readonly ConcurrentDictionary<string, StrongBox<int>> _perClient = new ConcurrentDictionary<string, StrongBox<int>>(StringComparer.OrdinalIgnoreCase);
        private readonly Func<DateTime> _clock;
        private readonly Func<MfaSettings> _settings;
        private int _total;
        private long _nextSweepTicks;

        public ChallengeStore(Func<DateTime>? clock = null, Func<MfaSettings>? settings = null)
        {
            _clock = clock ?? (() => DateTime.UtcNow);
            var defaults = new MfaSettings();
            _settings = settings ?? (() => defaults);
        }

        public int Count => Volatile.Read(ref _total);

        /// <summary>Open challenges of one client.</summary>
        public int CountOf(string clientName) => _perClient.TryGetValue(clientName, out var count) ? Volatile.Read(ref count.Value) : 0;

        /// <summary>Whether <paramref name="clientName"/> may open a challenge now: the cheap check made before a first round's work.</summary>
        public ChallengeRoom RoomFor(string clientName)
        {
            SweepIfDue();
            var settings = _settings();
            if (Count >= settings.MaxPendingChallenges) return ChallengeRoom.AllFull;
            return CountOf(clientName) >= settings.MaxPendingChallengesPerClient ? ChallengeRoom.ClientFull : ChallengeRoom.Available;
        }

        /// <summary>
        /// Opens a challenge and returns its State. Throws <see cref="ChallengeLimitException"/> when a cap is reached, except
        /// for a challenge asked again after a wrong code (<paramref name="attempts"/> above 0): it replaces the one its login
        /// just used, so the second round of an open login is never refused for room.
        /// </summary>
        public byte[] Open(long userId, string userName, string clientName, TimeSpan lifetime, int attempts, string? refusal = null,
            System.Collections.Generic.IReadOnlyList<Radius.RadiusAttribute>? replyAttributes = null, string? methodName = null, object? methodData = null,
            string? requestedName = null)
        {
            SweepIfDue();
            Reserve(clientName, replacesOne: attempts > 0);
            var challenge = new PendingChallenge(userId, userName, clientName, _clock() + lifetime, attempts, refusal)
            {
                ReplyAttributes = replyAttributes ?? new Radius.RadiusAttribute[0],
                MethodName = methodName,
                MethodData = methodData,
                RequestedName = requestedName,
            };
            var state = new byte[StateLength];
            using (var random = RandomNumberGenerator.Create())
            {
                do random.GetBytes(state);
                while (!_pending.TryAdd(Convert.ToBase64String(state), challenge));
            }
            return state;
        }

        /// <summary>
        /// Takes the challenge a State names; it can never be taken again. The client must be the one it was issued to;
        /// whether the user is the same is the caller's check, by identity, since DOMAIN\name and name@suffix may name one user.
        /// </summary>
        public ChallengeLookup Take(byte[] state, string clientName, out PendingChallenge? challenge)
        {
            if (!_pending.TryRemove(Convert.ToBase64String(state), out challenge)) return ChallengeLookup.Unknown;
            Release(challenge.ClientName);
            if (challenge.ExpiresUtc <= _clock()) return ChallengeLookup.Expired;
            if (!string.Equals(challenge.ClientName, clientName, StringComparison.OrdinalIgnoreCase)) return ChallengeLookup.Foreign;
            return ChallengeLookup.Found;
        }

        /// <summary>Whether a State names a challenge open for this client, without taking it: how a second round is told from a first under load.</summary>
        public bool IsOpen(byte[] state, string clientName) =>
            _pending.TryGetValue(Convert.ToBase64String(state), out var challenge) && challenge.ExpiresUtc > _clock() &&
            string.Equals(challenge.ClientName, clientName, StringComparison.OrdinalIgnoreCase);

        // Counts first and checks after, so two requests racing for the last place cannot both pass.
        private void Reserve(string clientName, bool replacesOne)
        {
            var settings = _settings();
            var count = _perClient.GetOrAdd(clientName, _ => new StrongBox<int>());
            int ofClient = Interlocked.Increment(ref count.Value);
            int total = Interlocked.Increment(ref _total);
            if (replacesOne || (ofClient <= settings.MaxPendingChallengesPerClient && total <= settings.MaxPendingChallenges)) return;
            Interlocked.Decrement(ref count.Value);
            Interlocked.Decrement(ref _total);
            throw new ChallengeLimitException(clientName, total > settings.MaxPendingChallenges ? ChallengeRoom.AllFull : ChallengeRoom.ClientFull);
        }

        private void Release(string clientName)
        {
            if (_perClient.TryGetValue(clientName, out var count)) Interlocked.Decrement(ref count.Value);
            Interlocked.Decrement(ref _total);
        }

        /// <summary>
        /// Puts back a challenge that <see cref="Take"/> gave a login whose answer was then withheld (the store could not record
        /// it): no answer went out, so the client sends the same request again, and it must find the challenge as it was.
        /// Its expiry and attempts are unchanged; a State already in use again is left alone.
        /// </summary>
        public void PutBack(byte[] state, PendingChallenge challenge)
        {
            // Counted again like any open challenge, but never refused for room: it held its place until a moment ago.
            Reserve(challenge.ClientName, replacesOne: true);
            if (!_pending.TryAdd(Convert.ToBase64String(state), challenge)) Release(challenge.ClientName);
        }

        private void SweepIfDue()
        {
            var now = _clock();
            long due = Interlocked.Read(ref _nextSweepTicks);
            if (now.Ticks < due || Interlocked.CompareExchange(ref _nextSweepTicks, now.Ticks + TimeSpan.TicksPerSecond * 10, due) != due) return;
            foreach (var pair in _pending)
            {
                if (pair.Value.ExpiresUtc <= now && _pending.TryRemove(pair.Key, out var expired)) Release(expired.ClientName);
            }
        }
    }
}
