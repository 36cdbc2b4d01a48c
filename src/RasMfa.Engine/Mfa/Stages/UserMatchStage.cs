using System.Threading;
using System.Threading.Tasks;

namespace RasMfa.Engine.Mfa.Stages
{
    /// <summary>
    /// An unknown or unenrolled user, once any first factor has passed: refused (RequireUserMatch, the default) or
    /// accepted without a second factor, as Azure MFA Server allowed. A second round always needs a method.
    /// </summary>
    public sealed class UserMatchStage : ILoginStage
    {
        public Task<Settlement?> RunAsync(LoginAttempt attempt, CancellationToken cancellationToken)
        {
            var user = attempt.User;
            if (user != null && attempt.Methods.Default != null) return Settlement.Continue;
            if (attempt.Challenge != null) return Settlement.Stop(Decisions.Reject(RejectCause.NotEnrolled, user));
            if (!attempt.Client.RequireUserMatch) return Settlement.Stop(Decisions.AcceptUnmatched(attempt, attempt.FirstFactorMethod ?? "none"));
            var refusal = user == null
                ? Decisions.Reject(RejectCause.UnknownUser, method: attempt.FirstFactorMethod)
                : Decisions.Reject(RejectCause.NotEnrolled, user, attempt.FirstFactorMethod);
            return DecoyCheck.Refuse(attempt, refusal);
        }
    }
}
