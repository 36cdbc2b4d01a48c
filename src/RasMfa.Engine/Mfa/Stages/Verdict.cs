using System.Collections.Generic;
using RasMfa.Engine.Radius;

namespace RasMfa.Engine.Mfa.Stages
{
    public enum VerdictKind
    {
        Accept,
        Reject,
        Challenge,
    }

    /// <summary>
    /// What the decide stage concluded, before anything is sent: the answer, its reason and method for the audit log,
    /// and for a challenge what the pending challenge must hold. Built only by <see cref="Decisions"/>.
    /// </summary>
    public sealed class Verdict
    {
        private static readonly RadiusAttribute[] NoAttributes = new RadiusAttribute[0];

        internal Verdict(VerdictKind kind, string reason, string label, string? method, string? userName)
        {
            Kind = kind;
            Reason = reason;
            Label = label;
            Method = method;
            UserName = userName;
        }

        public VerdictKind Kind { get; }

        /// <summary>Why, as the audit log records it. The client is never told.</summary>
        public string Reason { get; }

        /// <summary>Why, as a metric label: one of <see cref="DecisionLabels.All"/>, never a request value.</summary>
        public string Label { get; }

        /// <summary>How the user was checked ("TOTP/PAP", "challenge"); null: the request's password encoding.</summary>
        public string? Method { get; }

        /// <summary>The stored user name once the user is known; null: the name the request carried.</summary>
        public string? UserName { get; }

        /// <summary>Accept: sent with it; Challenge: kept until the code is right.</summary>
        public IReadOnlyList<RadiusAttribute> Attributes { get; internal set; } = NoAttributes;

        /// <summary>Challenge: the Reply-Message; Reject: a Reply-Message that tells the user what to do (a method unavailable, a send limit), or null.</summary>
        public string? Prompt { get; internal set; }

        /// <summary>Challenge: whose it is (0 for a decoy) and as which name.</summary>
        public long ChallengeUserId { get; internal set; }

        public string? ChallengeUserName { get; internal set; }

        /// <summary>Challenge: wrong codes tried so far.</summary>
        public int Attempts { get; internal set; }

        /// <summary>Challenge: a decoy's refusal, decided already whatever code comes.</summary>
        public string? DecoyRefusal { get; internal set; }

        /// <summary>Challenge: the method that began it and what it remembered; null when any of the user's methods may answer.</summary>
        public string? MethodName { get; internal set; }

        public string? MethodData { get; internal set; }

        /// <summary>Challenge: kept at least until then (a sent code's expiry), even past ChallengeLifetimeSeconds.</summary>
        public System.DateTime? KeepUntilUtc { get; internal set; }
    }
}
