using System.Threading;
using System.Threading.Tasks;

namespace RasMfa.Engine.Mfa.Stages
{
    /// <summary>
    /// An unknown or unenrolled user, once any first factor has passed: refused (RequireUserMatch, the default) or
    /// accepted without a second factor, as Azure MFA Server allowed. A second round always needs a method, and a name
    /// that could be several users is always refused (asked for a code, like an unknown one, so as not to tell).
    /// </summary>
    public sealed class UserMatchStage : ILoginStage
    {
        public Task<Settlement?> RunAsync(LoginAttempt attempt, CancellationToken cancellationToken)
        {
            var user = attempt.User;
            if (user != null && attempt.Methods.Default != null) return Settlement.Continue;
            // Whatever RequireUserMatch says: letting an ambiguous name through would skip MFA for every user it could name.
            if (attempt.NameIsAmbiguous) return Settlement.Stop(Decisions.RefuseOrDecoy(attempt, Decisions.Reject(RejectCause.AmbiguousUserName, method: attempt.FirstFactorMethod)));
            if (attempt.Challenge != null) return Settlement.Stop(Decisions.Reject(RejectCause.NotEnrolled, user));
            if (!attempt.Client.RequireUserMatch) return Settlement.Stop(Decisions.AcceptUnmatched(attempt, attempt.FirstFactorMethod ?? "none"));
            var refusal = user == null
                ? Decisions.Reject(RejectCause.UnknownUser, method: attempt.FirstFactorMethod)
                : Decisions.Reject(RejectCause.NotEnrolled, user, attempt.FirstFactorMethod);
            return DecoyCheck.Refuse(attempt, refusal);
        }
    }
}
