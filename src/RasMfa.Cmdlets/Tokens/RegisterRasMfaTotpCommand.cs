using System;
using System.Management.Automation;
using RasMfa.Cmdlets.Common;
using RasMfa.Engine.Storage;
using RasMfa.Engine.Tokens;

namespace RasMfa.Cmdlets.Tokens
{
    /// <summary>Enrols a user in an authenticator app: a new secret, shown once as text, otpauth URI and QR code.</summary>
    [Cmdlet(VerbsLifecycle.Register, "RasMfaTotp", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
    [OutputType(typeof(TotpRegistration))]
    public sealed class RegisterRasMfaTotpCommand : PSCmdlet
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

        protected override void ProcessRecord()
        {
            if (!ShouldProcess(UserName, Force ? "Register a new TOTP secret, replacing any token the user has" : "Register a TOTP secret")) return;
            try
            {
                var registration = new TokenAdministration(StoreAccess.Open()).RegisterTotp(UserName, Issuer, Digits, Algorithm, Force);
                if (registration.ReplacedSerial != null) WriteWarning($"The token '{registration.ReplacedSerial}' of '{registration.UserName}' was removed and no longer works.");
                if (QrCodePath != null)
                {
                    var path = SessionState.Path.GetUnresolvedProviderPathFromPSPath(QrCodePath);
                    Enrollment.WriteQrPng(registration.OtpAuthUri, path);
                    registration.QrCodePath = path;
                }
                if (ShowQrCode) Host.UI.WriteLine(Enrollment.QrText(registration.OtpAuthUri));
                WriteObject(registration);
            }
            catch (StoreException e)
            {
                WriteError(Errors.FromStore(e, UserName));
            }
            catch (Exception e) when (e is System.IO.IOException || e is UnauthorizedAccessException)
            {
                WriteError(new ErrorRecord(e, "QrCodeNotWritten", ErrorCategory.WriteError, QrCodePath));
            }
        }
    }
}
