using System.Collections.Generic;
using RasMfa.Engine.Radius;

namespace RasMfa.Engine.FirstFactors
{
    public enum FirstFactorOutcome
    {
        Accepted,
        Rejected,
        Unavailable,
    }

    /// <summary>What the first factor said, why (for the audit log only), and what the upstream would have the client receive.</summary>
    public sealed class FirstFactorResult
    {
        public FirstFactorResult(FirstFactorOutcome outcome, string reason, IReadOnlyList<RadiusAttribute>? replyAttributes = null)
        {
            Outcome = outcome;
            Reason = reason;
            ReplyAttributes = replyAttributes ?? new RadiusAttribute[0];
        }

        public FirstFactorOutcome Outcome { get; }

        public string Reason { get; }

        public IReadOnlyList<RadiusAttribute> ReplyAttributes { get; }
    }

    /// <summary>A check of the user's password: by an upstream RADIUS server, or by a bind to a directory.</summary>
    public interface IFirstFactorChecker
    {
        System.Threading.Tasks.Task<FirstFactorResult> CheckAsync(string userName, byte[] password, System.Threading.CancellationToken cancellationToken);
    }
}
