using System;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using RasMfa.Engine.Clients;
using RasMfa.Engine.FirstFactors;
using RasMfa.Engine.Mfa.Methods;
using RasMfa.Engine.Users;

namespace RasMfa.Engine.Mfa.Stages
{
    /// <summary>
    /// Before the password is checked, when the name sent finds no stored user (or several): a first factor that can say
    /// whose account the name is (a directory with a service account, <see cref="IAccountIdentifier"/>) names it, and the
    /// stored user found by all the account's names is the login's user from here on, so that the refusals of a locked or
    /// disabled user apply and the attempt is reserved on them (<see cref="ReserveAttemptStage"/>): AD takes CORP\asmith,
    /// asmith and the DN for alice.smith@corp.example, and a wrong password under any of them must count. Every such
    /// login asks, known name or not (the check reuses the search), so the time does not tell a stored name apart.
    /// Without a service account the account is known only after a password passed (<see cref="AccountMatchStage"/>).
    /// </summary>
    public sealed class IdentifyAccountStage : ILoginStage
    {
        private readonly ILoginStore _logins;
        private readonly Func<RadiusClientDefinition, IFirstFactorChecker?> _checkerFor;
        private readonly Func<LoginSubject?, UserMethods> _methodsOf;

        public IdentifyAccountStage(ILoginStore logins, Func<RadiusClientDefinition, IFirstFactorChecker?> checkerFor, Func<LoginSubject?, UserMethods>? methodsOf = null)
        {
            _logins = logins;
            _checkerFor = checkerFor;
            _methodsOf = methodsOf ?? UserMethods.Of;
        }

        public async Task<Settlement?> RunAsync(LoginAttempt attempt, CancellationToken cancellationToken)
        {
            // CHAP carries no password to check here: RefuseStage refuses it, with no search made.
            if (!attempt.ChecksFirstFactor || attempt.Response.IsChap) return null;
            var checker = attempt.FirstFactorChecker ??= _checkerFor(attempt.Client);
            if (checker is not IAccountIdentifier identifier) return null;
            var account = await identifier.IdentifyAsync(attempt.RequestedName, cancellationToken).ConfigureAwait(false);
            if (account == null || !account.IsIdentified) return null;
            // The name sent found this account's own user: that stands.
            var user = attempt.User;
            if (user != null && account.Names.Any(name => UserNameKey.Same(name, user.UserName))) return null;
            var found = _logins.FindByNames(account.Names);
            if (found.IsAmbiguous) return null;
            // Otherwise the password checked is the account's, whoever the name sent found (CORP\asmith may find a stored
            // SALES\asmith, another person): its stored user, or nobody, is the login's, so that a guess counts on the
            // account's user and never on a namesake, who could clear it by logging in as themselves.
            attempt.Subject = found.Subject;
            attempt.NameIsAmbiguous = false;
            attempt.Methods = _methodsOf(found.Subject);
            return null;
        }
    }
}
