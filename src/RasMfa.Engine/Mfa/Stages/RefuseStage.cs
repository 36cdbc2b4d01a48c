using System.Threading;
using System.Threading.Tasks;

namespace RasMfa.Engine.Mfa.Stages
{
    /// <summary>
    /// Refuse before any password or code is checked: CHAP where a password must be checked here (it carries none),
    /// and disabled or locked users, whatever the client's RequireUserMatch (with a decoy's work, <see cref="DecoyCheck"/>).
    /// </summary>
    public sealed class RefuseStage : ILoginStage
    {
        public Task<Settlement?> RunAsync(LoginAttempt attempt, CancellationToken cancellationToken)
        {
            if (attempt.ChecksFirstFactor && attempt.Response.IsChap) return Settlement.Stop(Decisions.Reject(RejectCause.ChapWithFirstFactor, method: "CHAP"));
            var user = attempt.User;
            if (user == null) return Settlement.Continue;
            if (!user.Enabled) return DecoyCheck.Refuse(attempt, Decisions.Reject(RejectCause.Disabled, user));
            if (user.IsLockedAt(attempt.NowUtc)) return DecoyCheck.Refuse(attempt, Decisions.Reject(RejectCause.Locked, user));
            return Settlement.Continue;
        }
    }
}
