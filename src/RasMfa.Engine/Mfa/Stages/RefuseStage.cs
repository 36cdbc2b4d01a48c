using System.Threading;
using System.Threading.Tasks;

namespace RasMfa.Engine.Mfa.Stages
{
    /// <summary>
    /// Refuse before any password or code is checked: CHAP where a password must be checked here (it carries none),
    /// and disabled or locked users, whatever the client's RequireUserMatch (with a decoy's work, <see cref="DecoyCheck"/>;
    /// in a challenge opened before, the round answers as a decoy's does).
    /// </summary>
    public sealed class RefuseStage : ILoginStage
    {
        public Task<Settlement?> RunAsync(LoginAttempt attempt, CancellationToken cancellationToken)
        {
            if (attempt.ChecksFirstFactor && attempt.Response.IsChap) return Settlement.Stop(Decisions.Reject(RejectCause.ChapWithFirstFactor, method: "CHAP"));
            var user = attempt.User;
            if (user == null) return Settlement.Continue;
            if (!user.Enabled) return Refuse(attempt, Decisions.Reject(RejectCause.Disabled, user));
            if (user.IsLockedAt(attempt.NowUtc)) return Refuse(attempt, Decisions.Reject(RejectCause.Locked, user));
            return Settlement.Continue;
        }

        // In a challenge opened before the lock (or the disable), the round is a decoy's: asked again as an unknown name's
        // would be, so that the lock tells nothing, and the code decides nothing. A keyword there is refused as in a first
        // round (as a real user's who lacks the method), which a decoy's keyword is too.
        private static Task<Settlement?> Refuse(LoginAttempt attempt, Verdict refusal) => attempt.Challenge == null || attempt.Keyword != null
            ? DecoyCheck.Refuse(attempt, refusal)
            : Task.FromResult<Settlement?>(DecoyCheck.Settle(attempt, Decisions.AsDecoyRound(attempt, attempt.Challenge, attempt.User!, refusal.Reason, refusal.Label, refusal.Reason, null)));
    }
}
