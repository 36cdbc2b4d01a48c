using System;
using RasMfa.Engine.Radius.Server;

namespace RasMfa.Engine.Mfa.Stages
{
    /// <summary>The answer the client gets for a verdict; a challenge's State is issued here, once the verdict is durable.</summary>
    public sealed class ReplyStage
    {
        private readonly ChallengeStore _challenges;

        public ReplyStage(ChallengeStore challenges) => _challenges = challenges;

        public AccessDecision Answer(LoginAttempt attempt, Verdict verdict)
        {
            switch (verdict.Kind)
            {
                case VerdictKind.Accept:
                    var accept = AccessDecision.Accept();
                    accept.Attributes.AddRange(verdict.Attributes);
                    return accept;
                case VerdictKind.Challenge:
                    var state = _challenges.Open(verdict.ChallengeUserId, verdict.ChallengeUserName ?? attempt.RequestedName, attempt.Client.Name,
                        TimeSpan.FromSeconds(attempt.Settings.ChallengeLifetimeSeconds), verdict.Attempts, verdict.DecoyRefusal, verdict.Attributes,
                        verdict.MethodName, verdict.MethodData, attempt.RequestedName);
                    return AccessDecision.Challenge(state, verdict.Prompt ?? attempt.Prompt);
                default:
                    return AccessDecision.Reject();
            }
        }
    }
}
