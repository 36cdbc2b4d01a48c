using System.Management.Automation;
using RasMfa.Cmdlets.Common;
using RasMfa.Engine.Delivery;
using RasMfa.Engine.Delivery.Smtp;

namespace RasMfa.Cmdlets.Delivery
{
    /// <summary>Sets the e-mail provider: an SMTP server, with STARTTLS by default. The whole provider is set each time.</summary>
    [Cmdlet(VerbsCommon.Set, "RasMfaMailProvider", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
    [OutputType(typeof(RasMfaDeliveryProvider))]
    public sealed class SetRasMfaMailProviderCommand : StoreCommand
    {
        [Parameter(Mandatory = true, Position = 0)]
        [ValidateNotNullOrEmpty]
        public string SmtpServer { get; set; } = "";

        /// <summary>0 or left out: 587 for StartTls, 465 for SslOnConnect, 25 for None.</summary>
        [Parameter]
        [ValidateRange(0, 65535)]
        public int Port { get; set; }

        [Parameter]
        public SmtpSecurity Security { get; set; } = SmtpSecurity.StartTls;

        [Parameter(Mandatory = true)]
        [ValidateNotNullOrEmpty]
        public string From { get; set; } = "";

        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? FromDisplayName { get; set; }

        [Parameter]
        [Credential]
        public PSCredential? Credential { get; set; }

        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? CertificateThumbprint { get; set; }

        [Parameter]
        [ValidateRange(1, SmtpSettings.MaxTimeoutSeconds)]
        public int TimeoutSeconds { get; set; } = SmtpSettings.DefaultTimeoutSeconds;

        /// <summary>Lets -Security None carry a password (a relay on this host only).</summary>
        [Parameter]
        public SwitchParameter AllowInsecure { get; set; }

        [Parameter]
        public SwitchParameter PassThru { get; set; }

        protected override void ProcessRecord()
        {
            var settings = new SmtpSettings
            {
                Host = SmtpServer.Trim(),
                Port = Port,
                Security = Security,
                From = From.Trim(),
                FromName = FromDisplayName,
                UserName = Credential?.UserName,
                CertificateThumbprint = CertificateThumbprint == null ? null : SmtpSettings.NormalizeThumbprint(CertificateThumbprint),
                TimeoutSeconds = TimeoutSeconds,
                AllowInsecure = AllowInsecure,
            };
            var password = Credential == null ? null : SecureStrings.ToUtf8(Credential.Password);
            var definition = new DeliveryProviderDefinition(DeliveryKind.Email, SmtpProviderType.TypeName, settings.ToJson(), password);
            Run(SmtpServer, () =>
            {
                var stored = new DeliveryProviderService(Store.DeliveryProviders).Set(definition, this);
                if (stored != null && PassThru) WriteObject(new RasMfaDeliveryProvider(stored));
            });
        }
    }
}
