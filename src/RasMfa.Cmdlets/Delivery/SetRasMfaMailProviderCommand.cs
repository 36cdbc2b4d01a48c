using System.Management.Automation;
using RasMfa.Cmdlets.Common;
using RasMfa.Engine.Delivery;
using RasMfa.Engine.Delivery.GraphMail;
using RasMfa.Engine.Delivery.Smtp;
using RasMfa.Engine.Entra;

namespace RasMfa.Cmdlets.Delivery
{
    /// <summary>
    /// Sets the e-mail provider: an SMTP server, with STARTTLS by default, or Microsoft Graph (sendMail as a chosen mailbox)
    /// with an Entra tenant's credential. The whole provider is set each time.
    /// </summary>
    [Cmdlet(VerbsCommon.Set, "RasMfaMailProvider", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium, DefaultParameterSetName = SmtpSet)]
    [OutputType(typeof(RasMfaDeliveryProvider))]
    public sealed class SetRasMfaMailProviderCommand : StoreCommand
    {
        private const string SmtpSet = "Smtp";
        private const string GraphSet = "Graph";

        [Parameter(Mandatory = true, Position = 0, ParameterSetName = SmtpSet)]
        [ValidateNotNullOrEmpty]
        public string SmtpServer { get; set; } = "";

        /// <summary>0 or left out: 587 for StartTls, 465 for SslOnConnect, 25 for None.</summary>
        [Parameter(ParameterSetName = SmtpSet)]
        [ValidateRange(0, 65535)]
        public int Port { get; set; }

        [Parameter(ParameterSetName = SmtpSet)]
        public SmtpSecurity Security { get; set; } = SmtpSecurity.StartTls;

        [Parameter(Mandatory = true, ParameterSetName = SmtpSet)]
        [ValidateNotNullOrEmpty]
        public string From { get; set; } = "";

        [Parameter(ParameterSetName = SmtpSet)]
        [ValidateNotNullOrEmpty]
        public string? FromDisplayName { get; set; }

        [Parameter(ParameterSetName = SmtpSet)]
        [Credential]
        public PSCredential? Credential { get; set; }

        [Parameter(ParameterSetName = SmtpSet)]
        [ValidateNotNullOrEmpty]
        public string? CertificateThumbprint { get; set; }

        /// <summary>Lets -Security None carry a password (a relay on this host only).</summary>
        [Parameter(ParameterSetName = SmtpSet)]
        public SwitchParameter AllowInsecure { get; set; }

        /// <summary>The Entra tenant (Add-RasMfaEntraTenant) whose credential sends the mail through Graph.</summary>
        [Parameter(Mandatory = true, ParameterSetName = GraphSet)]
        [ValidateNotNullOrEmpty]
        public string EntraTenant { get; set; } = "";

        /// <summary>The user or shared mailbox the mail is sent as (its UPN); it is the From address.</summary>
        [Parameter(Mandatory = true, ParameterSetName = GraphSet)]
        [ValidateNotNullOrEmpty]
        public string Mailbox { get; set; } = "";

        [Parameter]
        [ValidateRange(1, SmtpSettings.MaxTimeoutSeconds)]
        public int TimeoutSeconds { get; set; } = SmtpSettings.DefaultTimeoutSeconds;

        [Parameter]
        public SwitchParameter PassThru { get; set; }

        protected override void ProcessRecord()
        {
            if (ParameterSetName == GraphSet)
            {
                Run(Mailbox, () =>
                {
                    // The tenant must exist; its name is stored as the tenant spells it.
                    var tenant = new EntraTenantService(Store.EntraTenants, Store.Directories).Get(EntraTenant.Trim());
                    var graph = new GraphMailSettings { EntraTenant = tenant.Name, Mailbox = Mailbox.Trim(), TimeoutSeconds = TimeoutSeconds };
                    Save(new DeliveryProviderDefinition(DeliveryKind.Email, GraphMailProviderType.TypeName, graph.ToJson(), null));
                });
                return;
            }
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
            Run(SmtpServer, () => Save(definition));
        }

        private void Save(DeliveryProviderDefinition definition)
        {
            var stored = new DeliveryProviderService(Store.DeliveryProviders).Set(definition, this);
            if (stored != null && PassThru) WriteObject(new RasMfaDeliveryProvider(stored));
        }
    }
}
