using System.Management.Automation;
using RasMfa.Cmdlets.Common;
using RasMfa.Engine.Users;

namespace RasMfa.Cmdlets.Users
{
    [Cmdlet(VerbsCommon.New, "RasMfaUser", SupportsShouldProcess = true)]
    [OutputType(typeof(RasMfaUser))]
    public sealed class NewRasMfaUserCommand : StoreCommand
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
            var fields = new UserChanges { DisplayName = DisplayName, Email = Email, PhoneNumber = PhoneNumber, Enabled = Enabled };
            Run(UserName, () =>
            {
                var user = new UserService(Store.Users, StoreUtcNow).Add(UserName, fields, this);
                if (user != null && PassThru) WriteObject(new RasMfaUser(user));
            });
        }
    }
}
