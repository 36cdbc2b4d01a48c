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

    /// <summary>
    /// What the first factor said, why (for the audit log only), what the upstream would have the client receive, and
    /// (a directory) which account it authenticated.
    /// </summary>
    public sealed class FirstFactorResult
    {
        public FirstFactorResult(FirstFactorOutcome outcome, string reason, IReadOnlyList<RadiusAttribute>? replyAttributes = null, FirstFactorAccount? account = null)
        {
            Outcome = outcome;
            Reason = reason;
            ReplyAttributes = replyAttributes ?? new RadiusAttribute[0];
            Account = account;
        }

        public FirstFactorOutcome Outcome { get; }

        public string Reason { get; }

        public IReadOnlyList<RadiusAttribute> ReplyAttributes { get; }

        /// <summary>
        /// A directory's: the account it authenticated (or that it could not tell which). Null from a first factor that
        /// does not name accounts (an upstream RADIUS server): users are then found by the name sent, and by the User-Name
        /// its Access-Accept may return.
        /// </summary>
        public FirstFactorAccount? Account { get; }
    }

    /// <summary>A check of the user's password: by an upstream RADIUS server, or by a bind to a directory.</summary>
    public interface IFirstFactorChecker
    {
        System.Threading.Tasks.Task<FirstFactorResult> CheckAsync(string userName, byte[] password, System.Threading.CancellationToken cancellationToken);
    }
}
