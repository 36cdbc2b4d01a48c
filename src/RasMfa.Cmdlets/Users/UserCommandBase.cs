using System.Linq;
using System.Management.Automation;
using RasMfa.Cmdlets.Common;
using RasMfa.Engine.Storage;
using RasMfa.Engine.Users;

namespace RasMfa.Cmdlets.Users
{
    /// <summary>What the user cmdlets share: the store, finding a user by name, and writing one back as output.</summary>
    public abstract class UserCommandBase : PSCmdlet
    {
        private IRasMfaStore? _store;

        protected IRasMfaStore Store => _store ??= StoreAccess.Open();

        /// <summary>The user stored under that name, or an ErrorRecord written and null.</summary>
        protected MfaUser? FindUser(string userName)
        {
            var user = Store.Users.Get(userName);
            if (user == null)
                WriteError(Errors.Create("RasMfaUserNotFound", ErrorCategory.ObjectNotFound, $"No user is named '{userName}'.", userName));
            return user;
        }

        protected RasMfaUser Describe(MfaUser user) => new RasMfaUser(user, Store.Tokens.GetByUser(user.Id)?.Serial);

        protected void RunStoreAction(object target, System.Action action)
        {
            try
            {
                action();
            }
            catch (StoreException e)
            {
                WriteError(Errors.FromStore(e, target));
            }
        }

        protected static string? NullIfEmpty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value!.Trim();
    }
}
