using System.Management.Automation;
using RasMfa.Cmdlets.Common;
using RasMfa.Engine.Users;

namespace RasMfa.Cmdlets.Users
{
    [Cmdlet(VerbsCommon.Set, "RasMfaUser", SupportsShouldProcess = true)]
    [OutputType(typeof(RasMfaUser))]
    public sealed class SetRasMfaUserCommand : UserCommandBase
    {
        [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
        [ValidateNotNullOrEmpty]
        public string UserName { get; set; } = "";

        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? NewUserName { get; set; }

        [Parameter]
        public string? DisplayName { get; set; }

        [Parameter]
        public string? Email { get; set; }

        [Parameter]
        public string? PhoneNumber { get; set; }

        /// <summary>Assigns an imported hardware token; the user must have none.</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? TokenSerial { get; set; }

        [Parameter]
        public SwitchParameter PassThru { get; set; }

        protected override void ProcessRecord()
        {
            var user = FindUser(UserName);
            if (user == null) return;
            var bound = MyInvocation.BoundParameters;
            if (bound.ContainsKey(nameof(DisplayName))) user.DisplayName = NullIfEmpty(DisplayName);
            if (bound.ContainsKey(nameof(Email))) user.Email = NullIfEmpty(Email);
            if (bound.ContainsKey(nameof(PhoneNumber))) user.PhoneNumber = NullIfEmpty(PhoneNumber);
            if (NewUserName != null) user.UserName = NewUserName.Trim();
            var problem = UserNameRules.Reject(user.UserName) ?? UserFields.Problem(new UserImportRow { Email = user.Email, PhoneNumber = user.PhoneNumber });
            if (problem != null)
            {
                WriteError(Errors.Create("InvalidRasMfaUser", ErrorCategory.InvalidArgument, problem, UserName));
                return;
            }
            if (!ShouldProcess(UserName, TokenSerial == null ? "Change RasMfa user" : $"Change RasMfa user and give it token {TokenSerial}")) return;
            RunStoreAction(UserName, () =>
            {
                Store.Users.Update(user);
                if (TokenSerial != null) Store.Tokens.Assign(TokenSerial, user.Id);
                if (PassThru) WriteObject(Describe(user));
            });
        }
    }
}
