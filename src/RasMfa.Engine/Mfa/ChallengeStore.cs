using System;
using System.Collections.Concurrent;
using System.Security.Cryptography;

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

    /// <summary>
    /// Challenge States: 16 random octets, single use (taken on first sight), bound to user and client, expiring.
    /// Kept in the listener's memory; a restart ends open challenges, and the user starts the login again.
    /// </summary>
    public sealed class ChallengeStore
    {
        private const int StateLength = 16;
        private readonly ConcurrentDictionary<string, PendingChallenge> _pending = new ConcurrentDictionary<string, PendingChallenge>();
        private readonly Func<DateTime> _clock;
        private long _nextSweepTicks;

        public ChallengeStore(Func<DateTime>? clock = null) => _clock = clock ?? (() => DateTime.UtcNow);

        public int Count => _pending.Count;

        public byte[] Open(long userId, string userName, string clientName, TimeSpan lifetime, int attempts, string? refusal = null,
            System.Collections.Generic.IReadOnlyList<Radius.RadiusAttribute>? replyAttributes = null, string? methodName = null, object? methodData = null,
            string? requestedName = null)
        {
            SweepIfDue();
            var state = new byte[StateLength];
            using (var random = RandomNumberGenerator.Create()) random.GetBytes(state);
            _pending[Convert.ToBase64String(state)] = new PendingChallenge(userId, userName, clientName, _clock() + lifetime, attempts, refusal)
            {
                ReplyAttributes = replyAttributes ?? new Radius.RadiusAttribute[0],
                MethodName = methodName,
                MethodData = methodData,
                RequestedName = requestedName,
            };
            return state;
        }

        /// <summary>
        /// Takes the challenge a State names; it can never be taken again. The client must be the one it was issued to;
        /// whether the user is the same is the caller's check, by identity, since DOMAIN\name and name@suffix may name one user.
        /// </summary>
        public ChallengeLookup Take(byte[] state, string clientName, out PendingChallenge? challenge)
        {
            if (!_pending.TryRemove(Convert.ToBase64String(state), out challenge)) return ChallengeLookup.Unknown;
            if (challenge.ExpiresUtc <= _clock()) return ChallengeLookup.Expired;
            if (!string.Equals(challenge.ClientName, clientName, StringComparison.OrdinalIgnoreCase)) return ChallengeLookup.Foreign;
            return ChallengeLookup.Found;
        }

        private void SweepIfDue()
        {
            var now = _clock();
            long due = System.Threading.Interlocked.Read(ref _nextSweepTicks);
            if (now.Ticks < due || System.Threading.Interlocked.CompareExchange(ref _nextSweepTicks, now.Ticks + TimeSpan.TicksPerSecond * 10, due) != due) return;
            foreach (var pair in _pending)
            {
                if (pair.Value.ExpiresUtc <= now) _pending.TryRemove(pair.Key, out _);
            }
        }
    }
}
