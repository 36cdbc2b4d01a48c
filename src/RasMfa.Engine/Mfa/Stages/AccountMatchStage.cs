using System;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using RasMfa.Engine.FirstFactors;
using RasMfa.Engine.Mfa.Methods;
using RasMfa.Engine.Radius;
using RasMfa.Engine.Users;

namespace RasMfa.Engine.Mfa.Stages
{
    /// <summary>
    /// After a passed first factor, the user is the stored user of the account that logged in, whichever of its names was
    /// sent: AD takes one account as alice.smith@corp.example, CORP\asmith, asmith or its DN, and the name sent may find
    /// nobody (or someone else) where the account's other name finds an enrolled user, who would then pass without a code
    /// with RequireUserMatch off. A directory names the account (<see cref="FirstFactorAccount"/>); an upstream RADIUS
    /// server may return the name to use in its Access-Accept's User-Name (RFC 2865 5.1). If those names find one stored
    /// user, that is the user (asked for the code; a lock or disable applies); if several, the login is refused. A
    /// directory that could not say which account it was is never let through as "unknown": refused when RequireUserMatch
    /// off would otherwise let it pass.
    /// </summary>
    public sealed class AccountMatchStage : ILoginStage
    {
        private readonly ILoginStore _logins;
        private readonly Func<LoginSubject?, UserMethods> _methodsOf;
        private readonly RefuseStage _refuse = new RefuseStage();

        public AccountMatchStage(ILoginStore logins, Func<LoginSubject?, UserMethods>? methodsOf = null)
        {
            _logins = logins;
            _methodsOf = methodsOf ?? UserMethods.Of;
        }

        public Task<Settlement?> RunAsync(LoginAttempt attempt, CancellationToken cancellationToken)
        {
            var first = attempt.PassedFirstFactor;
            if (first == null) return Settlement.Continue;
            return first.Account != null ? ByDirectoryAccount(attempt, first.Account, cancellationToken) : ByReturnedName(attempt, first, cancellationToken);
        }

        private Task<Settlement?> ByDirectoryAccount(LoginAttempt attempt, FirstFactorAccount account, CancellationToken cancellationToken)
        {
            if (!account.IsIdentified)
                return WouldLetThrough(attempt) ? Refuse(attempt, RejectCause.UnidentifiedAccount, account.Description) : Settlement.Continue;
            var user = attempt.User;
            // The name sent found this account's own user, who is asked for a code: no other finding could ask for less.
            if (user != null && attempt.Methods.Default != null && account.Names.Any(name => UserNameKey.Same(name, user.UserName))) return Settlement.Continue;
            var found = _logins.FindByNames(account.Names);
            if (found.IsAmbiguous) return Refuse(attempt, RejectCause.AmbiguousAccount, $"the names of {account.Description} match several users");
            // No stored user has any of the account's names: what the name sent found stands (unknown: let through or not, as RequireUserMatch says).
            if (found.Subject == null || found.Subject.User.Id == user?.Id) return Settlement.Continue;
            return BecomeUser(attempt, found.Subject, cancellationToken);
        }

        private Task<Settlement?> ByReturnedName(LoginAttempt attempt, FirstFactorResult first, CancellationToken cancellationToken)
        {
            var returned = first.ReplyAttributes.FirstOrDefault(attribute => attribute.Type == RadiusAttributeType.UserName);
            if (returned == null) return Settlement.Continue;
            var name = ReceivedText.DecodeUtf8(returned.Value);
            if (name == null || ReceivedText.NameFlaw(name) != null)
                return WouldLetThrough(attempt) ? Refuse(attempt, RejectCause.UnidentifiedAccount, "the upstream server returned a User-Name that is not clean text") : Settlement.Continue;
            if (UserNameKey.Same(name, attempt.RequestedName)) return Settlement.Continue;
            var found = _logins.Find(name);
            if (found.IsAmbiguous) return Refuse(attempt, RejectCause.AmbiguousAccount, "the User-Name the upstream server returned could name several users");
            if (found.Subject == null || found.Subject.User.Id == attempt.User?.Id) return Settlement.Continue;
            // The name sent found someone else (or several): which of them logged in, the upstream did not say for sure.
            if (attempt.User != null || attempt.NameIsAmbiguous)
                return Refuse(attempt, RejectCause.AmbiguousAccount, "the name sent and the User-Name the upstream server returned find different users");
            return BecomeUser(attempt, found.Subject, cancellationToken);
        }

        private Task<Settlement?> BecomeUser(LoginAttempt attempt, LoginSubject subject, CancellationToken cancellationToken)
        {
            attempt.Subject = subject;
            attempt.NameIsAmbiguous = false;
            attempt.Methods = _methodsOf(subject);
            return _refuse.RunAsync(attempt, cancellationToken);
        }

        // What UserMatchStage would accept without a second factor.
        private static bool WouldLetThrough(LoginAttempt attempt) =>
            !attempt.Client.RequireUserMatch && !attempt.NameIsAmbiguous && attempt.Methods.Default == null;

        private static Task<Settlement?> Refuse(LoginAttempt attempt, RejectCause cause, string detail) =>
            DecoyCheck.Refuse(attempt, Decisions.Reject(cause, attempt.User, attempt.FirstFactorMethod, detail));
    }
}
