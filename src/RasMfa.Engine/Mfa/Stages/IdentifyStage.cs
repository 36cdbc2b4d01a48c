using System;
using System.Threading;
using System.Threading.Tasks;
using RasMfa.Engine.Mfa.Methods;

namespace RasMfa.Engine.Mfa.Stages
{
    /// <summary>
    /// Identify: in a second round, the challenge the State names (single use, bound to client and user); then the user
    /// the User-Name names, however written (DOMAIN\name, name@suffix, name), and the methods they hold.
    /// </summary>
    public sealed class IdentifyStage : ILoginStage
    {
        private readonly ILoginStore _logins;
        private readonly ChallengeStore _challenges;
        private readonly Func<LoginSubject?, UserMethods> _methodsOf;

        public IdentifyStage(ILoginStore logins, ChallengeStore challenges, Func<LoginSubject?, UserMethods>? methodsOf = null)
        {
            _logins = logins;
            _challenges = challenges;
            _methodsOf = methodsOf ?? UserMethods.Of;
        }

        public Task<Settlement?> RunAsync(LoginAttempt attempt, CancellationToken cancellationToken)
        {
            if (attempt.State != null)
            {
                switch (_challenges.Take(attempt.State, attempt.Client.Name, out var pending))
                {
                    case ChallengeLookup.Unknown: return Settlement.Stop(Decisions.Reject(RejectCause.UnknownState));
                    case ChallengeLookup.Expired: return Settlement.Stop(Decisions.Reject(RejectCause.ExpiredState));
                    case ChallengeLookup.Foreign: return Settlement.Stop(Decisions.Reject(RejectCause.ForeignState));
                }
                if (pending!.Refusal != null)
                {
                    return Settlement.Stop(Users.UserNameKey.Same(pending.UserName, attempt.RequestedName)
                        ? Decisions.Reject(RejectCause.AfterDecoy, detail: pending.Refusal)
                        : Decisions.Reject(RejectCause.ForeignState));
                }
                attempt.Challenge = pending;
                attempt.AcceptAttributes = pending.ReplyAttributes;
            }
            var lookup = _logins.Find(attempt.RequestedName);
            attempt.Subject = lookup.Subject;
            attempt.NameIsAmbiguous = lookup.IsAmbiguous;
            // The same person as the challenge's, by identity: the name may be written another way this time.
            if (attempt.Challenge != null && attempt.User?.Id != attempt.Challenge.UserId) return Settlement.Stop(Decisions.Reject(RejectCause.ForeignState));
            attempt.Methods = _methodsOf(attempt.Subject);
            return Settlement.Continue;
        }
    }
}
