using System;
using System.Management.Automation;
using RasMfa.Cmdlets.Common;
using RasMfa.Engine.Tokens;

namespace RasMfa.Cmdlets.Tokens
{
    /// <summary>Enrols a user in an authenticator app: a new secret, shown once as text, otpauth URI and QR code.</summary>
    [Cmdlet(VerbsLifecycle.Register, "RasMfaTotp", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
    [OutputType(typeof(TotpRegistration))]
    public sealed class RegisterRasMfaTotpCommand : StoreCommand
    {
        [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
        [ValidateNotNullOrEmpty]
        public string UserName { get; set; } = "";

        [Parameter]
        [ValidateNotNullOrEmpty]
        public string Issuer { get; set; } = "RasMfa";

        [Parameter]
        [ValidateSet("6", "8")]
        public int Digits { get; set; } = 6;

        [Parameter]
        public OtpAlgorithm Algorithm { get; set; } = OtpAlgorithm.Sha1;

        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? QrCodePath { get; set; }

        [Parameter]
        public SwitchParameter ShowQrCode { get; set; }

        [Parameter]
        public SwitchParameter Force { get; set; }

        protected override void ProcessRecord() => Run(UserName, () =>
        {
            var registration = new TokenService(Store.Tokens, Store.Users, Store.Settings).RegisterTotp(UserName, Issuer, Digits, Algorithm, Force, this);
            if (registration == null) return;
            if (QrCodePath != null)
            {
                var path = SessionState.Path.GetUnresolvedProviderPathFromPSPath(QrCodePath);
                try
                {
                    Enrollment.WriteQrPng(registration.OtpAuthUri, path);
                    registration.QrCodePath = path;
                }
                catch (Exception e) when (e is System.IO.IOException || e is UnauthorizedAccessException)
                {
                    WriteError(new ErrorRecord(e, "QrCodeNotWritten", ErrorCategory.WriteError, QrCodePath));
                    return;
                }
            }
            if (ShowQrCode) Host.UI.WriteLine(Enrollment.QrText(registration.OtpAuthUri));
            WriteObject(registration);
        });
    }
}
