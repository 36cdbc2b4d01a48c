using System;
using System.Collections.Generic;

namespace RasMfa.Engine.Push
{
    /// <summary>
    /// One push approval: who is logging in, through which client, from roughly where, the number RAS shows and the two
    /// decoys the page offers beside it, and what the user decided. The link's token is never kept, only its hash.
    /// </summary>
    public sealed class PushApproval
    {
        public PushApproval(string id, byte[] tokenHash, string userName, string clientName, int number, IReadOnlyList<int> choices, DateTime createdUtc, DateTime expiresUtc)
        {
            Id = id;
            TokenHash = tokenHash;
            UserName = userName;
            ClientName = clientName;
            Number = number;
            Choices = choices;
            CreatedUtc = createdUtc;
            ExpiresUtc = expiresUtc;
        }

        /// <summary>Names the approval in the challenge's data (not secret: it opens nothing on the page).</summary>
        public string Id { get; }

        /// <summary>SHA-256 of the link's token.</summary>
        public byte[] TokenHash { get; }

        public string UserName { get; }

        public string ClientName { get; }

        /// <summary>The client's (RAS server's) address, as the request came from.</summary>
        public string? SourceAddress { get; set; }

        /// <summary>Calling-Station-Id when the client sent one: the user's own address or number, as RAS saw it.</summary>
        public string? CallingStationId { get; set; }

        /// <summary>The two-digit number RAS's Reply-Message shows.</summary>
        public int Number { get; }

        /// <summary>The three numbers the page offers, <see cref="Number"/> among them, in the order shown.</summary>
        public IReadOnlyList<int> Choices { get; }

        public DateTime CreatedUtc { get; }

        public DateTime ExpiresUtc { get; }

        public PushDecision Decision { get; set; } = PushDecision.Pending;

        public DateTime? DecidedUtc { get; set; }

        /// <summary>The decision as it stands at <paramref name="nowUtc"/>: a pending one past its time is expired.</summary>
        public PushDecision DecisionAt(DateTime nowUtc) => Decision == PushDecision.Pending && nowUtc >= ExpiresUtc ? PushDecision.Expired : Decision;
    }
}
