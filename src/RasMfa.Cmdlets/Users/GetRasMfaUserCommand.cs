using System.Linq;
using System.Management.Automation;
using RasMfa.Cmdlets.Common;
using RasMfa.Engine.Storage;

namespace RasMfa.Cmdlets.Users
{
    [Cmdlet(VerbsCommon.Get, "RasMfaUser")]
    [OutputType(typeof(RasMfaUser))]
    public sealed class GetRasMfaUserCommand : UserCommandBase
    {
        [Parameter(Position = 0, ValueFromPipelineByPropertyName = true)]
        [SupportsWildcards]
        public string[] UserName { get; set; } = { "*" };

        protected override void ProcessRecord()
        {
            try
            {
                var users = Store.Users.List();
                var serials = Store.Tokens.List().Where(t => t.UserId.HasValue).ToDictionary(t => t.UserId!.Value, t => t.Serial);
                foreach (var user in WildcardSelection.Select(this, UserName, users, u => u.UserName, "RasMfaUserNotFound", "user"))
                    WriteObject(new RasMfaUser(user, serials.TryGetValue(user.Id, out var serial) ? serial : null));
            }
            catch (StoreException e)
            {
                ThrowTerminatingError(Errors.FromStore(e, null));
            }
        }
    }
}
