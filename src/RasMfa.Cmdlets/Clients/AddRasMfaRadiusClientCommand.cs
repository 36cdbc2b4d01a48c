using System.Management.Automation;
using System.Security;
using RasMfa.Cmdlets.Common;
using RasMfa.Engine.Clients;
using RasMfa.Engine.Storage;

namespace RasMfa.Cmdlets.Clients
{
    [Cmdlet(VerbsCommon.Add, "RasMfaRadiusClient", SupportsShouldProcess = true)]
    [OutputType(typeof(RasMfaRadiusClient))]
    public sealed class AddRasMfaRadiusClientCommand : PSCmdlet
    {
        [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
        [ValidateNotNullOrEmpty]
        public string Name { get; set; } = "";

        [Parameter(Mandatory = true, Position = 1, ValueFromPipelineByPropertyName = true)]
        [Alias("IPAddress", "Cidr")]
        [ValidateNotNullOrEmpty]
        public string Address { get; set; } = "";

        [Parameter(Mandatory = true, ValueFromPipelineByPropertyName = true)]
        public SecureString SharedSecret { get; set; } = new SecureString();

        [Parameter(ValueFromPipelineByPropertyName = true)]
        public bool RequireMessageAuthenticator { get; set; } = true;

        [Parameter(ValueFromPipelineByPropertyName = true)]
        public SwitchParameter LimitProxyState { get; set; }

        [Parameter(ValueFromPipelineByPropertyName = true)]
        public string? Description { get; set; }

        [Parameter(ValueFromPipelineByPropertyName = true)]
        public FirstFactor FirstFactor { get; set; } = FirstFactor.None;

        [Parameter(ValueFromPipelineByPropertyName = true)]
        [ValidateNotNullOrEmpty]
        public string? Directory { get; set; }

        [Parameter(ValueFromPipelineByPropertyName = true)]
        [ValidateNotNullOrEmpty]
        public string[]? UpstreamServer { get; set; }

        [Parameter(ValueFromPipelineByPropertyName = true)]
        public SwitchParameter PassUpstreamAttributes { get; set; }

        [Parameter(ValueFromPipelineByPropertyName = true)]
        public OtpMode OtpMode { get; set; } = OtpMode.Challenge;

        [Parameter(ValueFromPipelineByPropertyName = true)]
        public bool RequireUserMatch { get; set; } = true;

        [Parameter(ValueFromPipelineByPropertyName = true)]
        [ValidateLength(1, 253)]
        public string? Prompt { get; set; }

        [Parameter]
        public SwitchParameter Force { get; set; }

        [Parameter]
        public SwitchParameter PassThru { get; set; }

        protected override void ProcessRecord()
        {
            var addressError = ClientInput.ParseAddress(Address, out var network);
            if (addressError != null)
            {
                WriteError(addressError);
                return;
            }
            var secretError = ClientInput.CheckSecret(this, SharedSecret, Force, Name, out var secret);
            if (secretError != null)
            {
                WriteError(secretError);
                return;
            }
            if (!RequireMessageAuthenticator)
                WriteWarning($"Client '{Name}' will be accepted without Message-Authenticator, which leaves it open to BlastRADIUS (CVE-2024-3596) forgeries.");
            if (!RequireUserMatch)
                WriteWarning($"Client '{Name}': users who are unknown or not enrolled will be accepted without a second factor.");
            if (!ShouldProcess($"{Name} ({network})", "Add RADIUS client")) return;

            var definition = new RadiusClientDefinition(Name, network!, secret)
            {
                RequireMessageAuthenticator = RequireMessageAuthenticator,
                LimitProxyState = LimitProxyState,
                Description = Description,
                FirstFactor = FirstFactor,
                RequireUserMatch = RequireUserMatch,
                Prompt = Prompt,
                UpstreamServers = UpstreamServer ?? new string[0],
                Directory = Directory,
                PassUpstreamAttributes = PassUpstreamAttributes,
                OtpMode = OtpMode,
            };
            try
            {
                StoreAccess.Open().Clients.Add(definition);
            }
            catch (StoreException e)
            {
                WriteError(Errors.FromStore(e, Name));
                return;
            }
            if (PassThru) WriteObject(new RasMfaRadiusClient(definition));
        }
    }
}
