using System;
using System.Management.Automation;
using System.Threading;
using RasMfa.Cmdlets.Common;
using RasMfa.Engine.Delivery;
using RasMfa.Engine.Tokens;

namespace RasMfa.Cmdlets.Tokens
{
    /// <summary>
    /// E-mails a user a new TOTP enrolment (QR code inline, otpauth link), pending until Confirm-RasMfaEnrollment; with
    /// -TokenSerial, mails a pending one again.
    /// </summary>
    [Cmdlet(VerbsCommunications.Send, "RasMfaEnrollment", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
    [OutputType(typeof(MailedEnrollment))]
    public sealed class SendRasMfaEnrollmentCommand : StoreCommand
    {
        private readonly CancellationTokenSource _stopping = new CancellationTokenSource();

        [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
        [ValidateNotNullOrEmpty]
        public string UserName { get; set; } = "";

        /// <summary>A pending enrolment (ENROL-...) to mail again; never a confirmed token.</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? TokenSerial { get; set; }

        [Parameter]
        [ValidateNotNullOrEmpty]
        public string Issuer { get; set; } = "RasMfa";

        protected override void ProcessRecord() => Run(UserName, () =>
        {
            using var channels = new DeliveryProviderService(Store.DeliveryProviders, null, RasMfa.Engine.Entra.EntraMailChannels.For(Store.EntraTenants)).Channels(DeliveryKind.Email);
            MailedEnrollment? sent;
            try
            {
                sent = new MailedEnrollmentService(Store.Tokens, Store.Users, Store.Settings, Store.AuditLog)
                    .SendAsync(UserName, TokenSerial?.Trim(), Issuer, channels, StoreUtcNow(), $"{Environment.UserDomainName}\\{Environment.UserName} (Send-RasMfaEnrollment)", this, _stopping.Token).GetAwaiter().GetResult();
            }
            catch (OperationCanceledException)
            {
                return;
            }
            if (sent != null) WriteObject(sent);
        });

        protected override void StopProcessing()
        {
            _stopping.Cancel();
            base.StopProcessing();
        }
    }
}
