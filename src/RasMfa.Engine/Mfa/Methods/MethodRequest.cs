using System;
using RasMfa.Engine.Configuration;
using RasMfa.Engine.Users;

namespace RasMfa.Engine.Mfa.Methods
{
    /// <summary>Who is logging in, where, when, under which settings; and what the method's own challenge remembered.</summary>
    public sealed class MethodRequest
    {
        public MethodRequest(MfaUser user, string clientName, MfaSettings settings, DateTime nowUtc, string? challengeData = null, byte[]? codeKey = null)
        {
            CodeKey = codeKey;
            User = user;
            ClientName = clientName;
            Settings = settings;
            NowUtc = nowUtc;
            ChallengeData = challengeData;
        }

        public MfaUser User { get; }

        public string ClientName { get; }

        public MfaSettings Settings { get; }

        public DateTime NowUtc { get; }

        /// <summary>What this method's <see cref="ISecondFactorMethod.BeginAsync"/> returned in <see cref="ChallengeStart.Data"/>, in round two.</summary>
        public string? ChallengeData { get; }

        /// <summary>The RADIUS client's address, for a method that shows the user where a login comes from (push).</summary>
        public string? SourceAddress { get; set; }

        /// <summary>The request's Calling-Station-Id (the user's own address or number as RAS saw it), when sent.</summary>
        public string? CallingStationId { get; set; }

        /// <summary>
        /// The key a sent code's hash is made with: derived from the client's shared secret, which every server sharing the
        /// store holds and the store keeps sealed, so that a copy of the store's rows cannot test the million codes offline.
        /// Null: no code can be sent.
        /// </summary>
        public byte[]? CodeKey { get; }

        /// <summary>How long the client has a push round held (its -PushTimeoutSeconds); null: the server's PushTimeoutSeconds.</summary>
        public int? PushTimeoutSeconds { get; set; }

        /// <summary>The code key of the client's secret before the admin last rotated it (codes sent before still check until they expire); null when none.</summary>
        public byte[]? PreviousCodeKey { get; set; }
    }
}
