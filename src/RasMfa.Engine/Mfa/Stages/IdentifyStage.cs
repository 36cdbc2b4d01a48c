using System;
using System.Threading;
using System.Threading.Tasks;
using RasMfa.Engine.Mfa.Methods;
using RasMfa.Engine.Users;

namespace RasMfa.Engine.Mfa.Stages
{
    /// <summary>
    /// Identify: in a second round, the challenge the State names (read from the store, which any server may have opened;
    /// single use: the login's write spends it; bound to client and user); then the user
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
                switch (_challenges.Find(attempt.State, attempt.Client.Name, out var pending))
                {
                    case ChallengeLookup.Unknown: return Settlement.Stop(Decisions.Reject(RejectCause.UnknownState));
                    case ChallengeLookup.Expired: return Settlement.Stop(Decisions.Reject(RejectCause.ExpiredState));
                    case ChallengeLookup.Foreign: return Settlement.Stop(Decisions.Reject(RejectCause.ForeignState));
                }
                attempt.FoundChallenge = pending;
                if (pending!.Refusal != null)
                {
                    // A locked user's rounds go on as a decoy's under the stored name, though they may log in under another of
                    // their account's names (CORP\asmith for alice.smith@corp.example): that round's User-Name is theirs too.
                    if (!SameBareName(pending.UserName, attempt.RequestedName) && !SameBareName(pending.RequestedName, attempt.RequestedName))
                        return Settlement.Stop(Decisions.Reject(RejectCause.ForeignState));
                    // A real second round reads its user here; a decoy's reads too, for the same time, and what it finds changes nothing.
                    _logins.Find(attempt.RequestedName);
                    // A keyword is answered as a real user's who lacks the method (refused, the challenge spent); a code is asked again.
                    var afterDecoy = attempt.Keyword != null
                        ? Decisions.RefuseOrDecoy(attempt, Decisions.Reject(RejectCause.AfterDecoy, detail: pending.Refusal))
                        : Decisions.AfterDecoyCode(attempt, pending);
                    return Task.FromResult<Settlement?>(DecoyCheck.Settle(attempt, afterDecoy));
                }
                attempt.Challenge = pending;
                attempt.AcceptAttributes = pending.ReplyAttributes;
            }
            var lookup = _logins.Find(attempt.RequestedName);
            // The first round may have found its user by the account's other names (AccountMatchStage): under the same
            // User-Name, the challenge's user is theirs again, read by the stored name.
            if (attempt.Challenge is { } challenge && lookup.Subject?.User.Id != challenge.UserId && UserNameKey.Same(challenge.RequestedName, attempt.RequestedName))
                lookup = _logins.Find(challenge.UserName);
            attempt.Subject = lookup.Subject;
            attempt.NameIsAmbiguous = lookup.IsAmbiguous;
            // The same person as the challenge's, by identity: the name may be written another way this time.
            if (attempt.Challenge != null && attempt.User?.Id != attempt.Challenge.UserId) return Settlement.Stop(Decisions.Reject(RejectCause.ForeignState));
            attempt.Methods = _methodsOf(attempt.Subject);
            return Settlement.Continue;
        }

        // A real user's second round may write the name another way (DOMAIN\name, name@suffix) and still be theirs; a
        // decoy's must be let through as far, or the difference would tell the name is unknown.
        private static bool SameBareName(string? first, string second) =>
            first != null && UserNameKey.Same(UserNameRules.BareName(first), UserNameRules.BareName(second));
    }
}
