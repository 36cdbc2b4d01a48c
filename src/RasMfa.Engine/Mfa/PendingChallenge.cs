using System;
using System.Collections.Generic;
using RasMfa.Engine.Radius;

namespace RasMfa.Engine.Mfa
{
    /// <summary>An open Access-Challenge, as the store holds it: which user, at which client, until when, after how many wrong codes.</summary>
    public sealed class PendingChallenge
    {
        private static readonly RadiusAttribute[] NoAttributes = new RadiusAttribute[0];

        public PendingChallenge(byte[] state, long userId, string userName, string clientName, DateTime expiresUtc, int attempts, string? refusal = null)
        {
            State = state;
            Refusal = refusal;
            UserId = userId;
            UserName = userName;
            ClientName = clientName;
            ExpiresUtc = expiresUtc;
            Attempts = attempts;
        }

        /// <summary>16 random octets, the challenge's key in the store.</summary>
        public byte[] State { get; }

        /// <summary>0 for a decoy.</summary>
        public long UserId { get; }
        public string UserName { get; }
        public string ClientName { get; }
        public DateTime ExpiresUtc { get; }
        public int Attempts { get; }

        /// <summary>Set on a decoy challenge: the reason the login will be refused whatever code comes.</summary>
        public string? Refusal { get; }

        /// <summary>The method that began the challenge by sending something, and what it remembered; null: any of the user's methods.</summary>
        public string? MethodName { get; set; }

        public string? MethodData { get; set; }

        /// <summary>The User-Name of the round that opened it: a user found by their account's other names is theirs again under it.</summary>
        public string? RequestedName { get; set; }

        /// <summary>What the first factor's Access-Accept carried, to pass on with ours once the code is right.</summary>
        public IReadOnlyList<RadiusAttribute> ReplyAttributes { get; set; } = NoAttributes;
    }
}
