using System.Management.Automation;
using RasMfa.Cmdlets.Common;
using RasMfa.Engine.Tokens;

namespace RasMfa.Cmdlets.Tokens
{
    /// <summary>Activates a user's mailed enrolment with the code the user's app shows now: it becomes the user's TOTP token.</summary>
    [Cmdlet(VerbsLifecycle.Confirm, "RasMfaEnrollment", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
    [OutputType(typeof(ConfirmedEnrollment))]
    public sealed class ConfirmRasMfaEnrollmentCommand : StoreCommand
    {
        [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
        [ValidateNotNullOrEmpty]
        public string UserName { get; set; } = "";

        [Parameter(Mandatory = true, Position = 1)]
        [ValidatePattern("^\\s*[0-9]{6,8}\\s*$")]
        public string Code { get; set; } = "";

        protected override void ProcessRecord() => Run(UserName, () =>
        {
            var confirmed = new MailedEnrollmentService(Store.Tokens, Store.Users, Store.Settings, Store.AuditLog).Confirm(UserName, Code, StoreUtcNow(), this);
            if (confirmed != null) WriteObject(confirmed);
        });
    }
}
