using System.Management.Automation;

namespace RasMfa.Cmdlets.Users
{
    [Cmdlet(VerbsCommon.Remove, "RasMfaUser", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
    [OutputType(typeof(void))]
    public sealed class RemoveRasMfaUserCommand : UserCommandBase
    {
        [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
        [ValidateNotNullOrEmpty]
        public string UserName { get; set; } = "";

        protected override void ProcessRecord()
        {
            var user = FindUser(UserName);
            if (user == null || !ShouldProcess(user.UserName, "Remove RasMfa user")) return;
            // The user's token, if any, is kept unassigned: a hardware token goes back to the pool.
            RunStoreAction(UserName, () => Store.Users.Remove(user.UserName));
        }
    }
}
