using System;
using RasMfa.Engine.Radius;

namespace RasMfa.Engine.Mfa.Stages
{
    /// <summary>
    /// The answer a verdict makes, made inside the decision's write so that it is recorded with it: Accept (with the
    /// attributes to pass on), Reject, or Challenge with a State made before the write and its challenge stored in it.
    /// </summary>
    public static class ReplyStage
    {
        public static LoginRecord Record(LoginAttempt attempt, Verdict verdict, byte[] newState, Audit.AuthenticationRecord audit)
        {
            switch (verdict.Kind)
            {
                case VerdictKind.Accept:
                    return new LoginRecord(audit, new RecordedAnswer(RadiusCode.AccessAccept, attributes: verdict.Attributes));
                case VerdictKind.Challenge:
                    var expires = attempt.NowUtc + TimeSpan.FromSeconds(attempt.Settings.ChallengeLifetimeSeconds);
                    if (verdict.KeepUntilUtc > expires) expires = verdict.KeepUntilUtc.Value;
                    var challenge = new PendingChallenge(newState, verdict.ChallengeUserId, verdict.ChallengeUserName ?? attempt.RequestedName, attempt.Client.Name,
                        expires, verdict.Attempts, verdict.DecoyRefusal)
                    {
                        ReplyAttributes = verdict.Attributes,
                        MethodName = verdict.MethodName,
                        MethodData = verdict.MethodData,
                        RequestedName = attempt.RequestedName,
                    };
                    return new LoginRecord(audit, new RecordedAnswer(RadiusCode.AccessChallenge, newState, verdict.Prompt ?? attempt.Prompt), challenge);
                default:
                    return new LoginRecord(audit, verdict.Prompt == null ? RecordedAnswer.Reject() : new RecordedAnswer(RadiusCode.AccessReject, replyMessage: verdict.Prompt));
            }
        }
    }
}
