using System.Management.Automation;
using RasMfa.Cmdlets.Common;
using RasMfa.Engine.Users;

namespace RasMfa.Cmdlets.Users
{
    [Cmdlet(VerbsCommon.New, "RasMfaUser", SupportsShouldProcess = true)]
    [OutputType(typeof(RasMfaUser))]
    public sealed class NewRasMfaUserCommand : UserCommandBase
    {
        [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
        [ValidateNotNullOrEmpty]
        public string UserName { get; set; } = "";

        [Parameter(ValueFromPipelineByPropertyName = true)]
        public string? DisplayName { get; set; }

        [Parameter(ValueFromPipelineByPropertyName = true)]
        public string? Email { get; set; }

        [Parameter(ValueFromPipelineByPropertyName = true)]
        public string? PhoneNumber { get; set; }

        [Parameter(ValueFromPipelineByPropertyName = true)]
        public bool Enabled { get; set; } = true;

        [Parameter]
        public SwitchParameter PassThru { get; set; }

        protected override void ProcessRecord()
        {
            var row = new UserImportRow { UserName = UserName, DisplayName = NullIfEmpty(DisplayName), Email = NullIfEmpty(Email), PhoneNumber = NullIfEmpty(PhoneNumber), Enabled = Enabled };
            var problem = UserNameRules.Reject(UserName) ?? UserFields.Problem(row);
            if (problem != null)
            {
                WriteError(Errors.Create("InvalidRasMfaUser", ErrorCategory.InvalidArgument, problem, UserName));
                return;
            }
            if (!ShouldProcess(UserName, "Create RasMfa user")) return;
            var user = new MfaUser(UserName.Trim()) { DisplayName = row.DisplayName, Email = row.Email, PhoneNumber = row.PhoneNumber, Enabled = Enabled };
            RunStoreAction(UserName, () =>
            {
                Store.Users.Add(user);
                if (PassThru) WriteObject(Describe(user));
            });
        }
    }
}
