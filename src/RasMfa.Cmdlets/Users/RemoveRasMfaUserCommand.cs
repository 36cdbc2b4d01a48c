using System.Management.Automation;
using RasMfa.Cmdlets.Common;
using RasMfa.Engine.Users;

namespace RasMfa.Cmdlets.Users
{
    [Cmdlet(VerbsCommon.Remove, "RasMfaUser", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
    [OutputType(typeof(void))]
    public sealed class RemoveRasMfaUserCommand : StoreCommand
    {
        [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
        [ValidateNotNullOrEmpty]
        public string UserName { get; set; } = "";

        protected override void ProcessRecord() => Run(UserName, () => new UserService(Store.Users, StoreUtcNow).Remove(UserName, this));
    }
}
