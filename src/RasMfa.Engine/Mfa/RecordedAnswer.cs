using System.Collections.Generic;
using RasMfa.Engine.Radius;
using RasMfa.Engine.Radius.Server;

namespace RasMfa.Engine.Mfa
{
    /// <summary>
    /// The answer a request got, as the store records it under the request's key: what another server that receives the
    /// same request (RAS active-active) sends too, so that both answer alike (same State, Reply-Message and attributes).
    /// </summary>
    public sealed class RecordedAnswer
    {
        private static readonly RadiusAttribute[] NoAttributes = new RadiusAttribute[0];

        public RecordedAnswer(RadiusCode code, byte[]? state = null, string? replyMessage = null, IReadOnlyList<RadiusAttribute>? attributes = null)
        {
            Code = code;
            State = state;
            ReplyMessage = replyMessage;
            Attributes = attributes ?? NoAttributes;
        }

        /// <summary>Access-Accept, -Reject or -Challenge.</summary>
        public RadiusCode Code { get; }

        /// <summary>A challenge's State.</summary>
        public byte[]? State { get; }

        public string? ReplyMessage { get; }

        /// <summary>What an Accept carries besides Message-Authenticator (an upstream's reply attributes).</summary>
        public IReadOnlyList<RadiusAttribute> Attributes { get; }

        /// <summary>
        /// Why the stored answer could not be read (an answer this version has no name for, attributes that do not frame),
        /// or null. Such an answer is a Reject: never an Accept, and never withheld, which would hold every retransmission.
        /// </summary>
        public string? Unreadable { get; private set; }

        public static RecordedAnswer Reject() => new RecordedAnswer(RadiusCode.AccessReject);

        public static RecordedAnswer UnreadableAsReject(string reason) => new RecordedAnswer(RadiusCode.AccessReject) { Unreadable = reason };

        public AccessDecision ToDecision()
        {
            switch (Code)
            {
                case RadiusCode.AccessAccept:
                    var accept = AccessDecision.Accept(ReplyMessage);
                    accept.Attributes.AddRange(Attributes);
                    return accept;
                case RadiusCode.AccessChallenge:
                    return AccessDecision.Challenge(State!, ReplyMessage ?? "");
                default:
                    return AccessDecision.Reject(ReplyMessage);
            }
        }
    }
}
