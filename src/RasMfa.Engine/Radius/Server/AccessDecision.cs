using System.Collections.Generic;

namespace RasMfa.Engine.Radius.Server
{
    /// <summary>What a handler decided: Accept, Reject or Challenge, with the attributes to send back.</summary>
    public sealed class AccessDecision
    {
        private AccessDecision(RadiusCode code, string? replyMessage)
        {
            Code = code;
            ReplyMessage = replyMessage;
        }

        public RadiusCode Code { get; }

        public string? ReplyMessage { get; }

        public byte[]? State { get; private set; }

        public List<RadiusAttribute> Attributes { get; } = new List<RadiusAttribute>();

        public static AccessDecision Accept(string? replyMessage = null) => new AccessDecision(RadiusCode.AccessAccept, replyMessage);

        public static AccessDecision Reject(string? replyMessage = null) => new AccessDecision(RadiusCode.AccessReject, replyMessage);

        public static AccessDecision Challenge(byte[] state, string replyMessage) =>
            new AccessDecision(RadiusCode.AccessChallenge, replyMessage) { State = state };

        /// <summary>Why, as a bounded metric label (Mfa.Stages.DecisionLabels); null from a handler that names none.</summary>
        public string? Label { get; set; }

        /// <summary>Set when the request gets no answer at all: discarded, counted and logged under this reason.</summary>
        public DropReason? DiscardReason { get; private set; }

        /// <summary>Why, for the rate-limited log line.</summary>
        public string? DiscardDetail { get; private set; }

        /// <summary>No answer: the client retransmits or gives up, as for any discarded packet.</summary>
        public static AccessDecision Discard(DropReason reason, string detail) =>
            new AccessDecision(RadiusCode.AccessReject, null) { DiscardReason = reason, DiscardDetail = detail };
    }
}
