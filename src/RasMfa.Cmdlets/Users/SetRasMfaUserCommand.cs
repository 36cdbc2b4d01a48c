using System.Management.Automation;
using RasMfa.Cmdlets.Common;
using RasMfa.Engine.Mfa.Methods;
using RasMfa.Engine.Users;
using RasMfa.Engine.Clients;

namespace RasMfa.Cmdlets.Users
{
    [Cmdlet(VerbsCommon.Set, "RasMfaUser", SupportsShouldProcess = true)]
    [OutputType(typeof(RasMfaUser))]
    public sealed class SetRasMfaUserCommand : StoreCommand
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

        /// <summary>Assigns an imported hardware token, beside any the user holds.</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? TokenSerial { get; set; }

        /// <summary>Makes one of the user's tokens their default: tried first, and the one a challenge begins with.</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? DefaultTokenSerial { get; set; }

        /// <summary>The methods the user holds beyond tokens (Sms, Voice, Email, Push), replacing those held; an empty list removes them.</summary>
        [Parameter]
        [AllowEmptyCollection]
        public MethodKind[]? Method { get; set; }

        /// <summary>The method a challenge begins with: Sms, Voice, Email or Push (held), or Totp/Hotp for the user's tokens.</summary>
        [Parameter]
        public MethodKind? DefaultMethod { get; set; }

        [Parameter]
        public SwitchParameter PassThru { get; set; }

        protected override void ProcessRecord()
        {
            var bound = MyInvocation.BoundParameters;
            var changes = new UserChanges { NewUserName = NewUserName, TokenSerial = TokenSerial, DefaultTokenSerial = DefaultTokenSerial };
            if (bound.ContainsKey(nameof(DisplayName))) changes.DisplayName = DisplayName;
            if (bound.ContainsKey(nameof(Email))) changes.Email = Email;
            if (bound.ContainsKey(nameof(PhoneNumber))) changes.PhoneNumber = PhoneNumber;
            changes.Methods = Method;
            changes.DefaultMethod = DefaultMethod;
            Run(UserName, () =>
            {
                var user = new UserService(Store.Users, StoreUtcNow).Change(UserName, changes, this);
                if (user != null && PassThru) WriteObject(new RasMfaUser(user));
            });
        }
    }
}
