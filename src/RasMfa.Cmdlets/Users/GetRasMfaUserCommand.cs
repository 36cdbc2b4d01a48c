using System.Management.Automation;
using RasMfa.Cmdlets.Common;
using RasMfa.Engine.Users;

namespace RasMfa.Cmdlets.Users
{
    [Cmdlet(VerbsCommon.Get, "RasMfaUser")]
    [OutputType(typeof(RasMfaUser))]
    public sealed class GetRasMfaUserCommand : StoreCommand
    {
        [Parameter(Position = 0, ValueFromPipelineByPropertyName = true)]
        [SupportsWildcards]
        public string[] UserName { get; set; } = { "*" };

        protected override void ProcessRecord() => RunOrStop(null, () =>
        {
            var users = new UserService(Store.Users, StoreUtcNow).List();
            foreach (var user in WildcardSelection.Select(this, UserName, users, u => u.User.UserName, "RasMfaUserNotFound", "user"))
                WriteObject(new RasMfaUser(user));
        });
    }
}
