using System.Management.Automation;
using System.Security;
using RasMfa.Cmdlets.Common;
using RasMfa.Engine.Clients;
using RasMfa.Engine.Storage;

namespace RasMfa.Cmdlets.Clients
{
    [Cmdlet(VerbsCommon.Set, "RasMfaRadiusClient", SupportsShouldProcess = true)]
    [OutputType(typeof(RasMfaRadiusClient))]
    public sealed class SetRasMfaRadiusClientCommand : PSCmdlet
    {
        [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
        [ValidateNotNullOrEmpty]
        public string Name { get; set; } = "";

        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? NewName { get; set; }

        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? Address { get; set; }

        [Parameter]
        public SecureString? SharedSecret { get; set; }

        [Parameter]
        public bool? RequireMessageAuthenticator { get; set; }

        [Parameter]
        public bool? LimitProxyState { get; set; }

        [Parameter]
        public string? Description { get; set; }

        [Parameter]
        public FirstFactor? FirstFactor { get; set; }

        [Parameter]
        public string? Directory { get; set; }

        [Parameter]
        public string[]? UpstreamServer { get; set; }

        [Parameter]
        public bool? PassUpstreamAttributes { get; set; }

        [Parameter]
        public OtpMode? OtpMode { get; set; }

        [Parameter]
        public bool? RequireUserMatch { get; set; }

        [Parameter]
        [ValidateLength(0, 253)]
        public string? Prompt { get; set; }

        [Parameter]
        public SwitchParameter Force { get; set; }

        [Parameter]
        public SwitchParameter PassThru { get; set; }

        protected override void ProcessRecord()
        {
            try
            {
                var store = StoreAccess.Open();
                var client = store.Clients.Get(Name);
                if (client == null)
                {
                    WriteError(Errors.Create("RadiusClientNotFound", ErrorCategory.ObjectNotFound, $"No RADIUS client is named '{Name}'.", Name));
                    return;
                }
                if (Address != null)
                {
                    var addressError = ClientInput.ParseAddress(Address, out var network);
                    if (addressError != null)
                    {
                        WriteError(addressError);
                        return;
                    }
                    client.Address = network!;
                }
                if (SharedSecret != null)
                {
                    var secretError = ClientInput.CheckSecret(this, SharedSecret, Force, Name, out var secret);
                    if (secretError != null)
                    {
                        WriteError(secretError);
                        return;
                    }
                    client.SharedSecret = secret;
                }
                if (RequireMessageAuthenticator.HasValue) client.RequireMessageAuthenticator = RequireMessageAuthenticator.Value;
                if (LimitProxyState.HasValue) client.LimitProxyState = LimitProxyState.Value;
                if (MyInvocation.BoundParameters.ContainsKey(nameof(Description))) client.Description = Description;
                if (FirstFactor.HasValue) client.FirstFactor = FirstFactor.Value;
                if (RequireUserMatch.HasValue) client.RequireUserMatch = RequireUserMatch.Value;
                if (UpstreamServer != null) client.UpstreamServers = UpstreamServer;
                if (MyInvocation.BoundParameters.ContainsKey(nameof(Directory))) client.Directory = string.IsNullOrWhiteSpace(Directory) ? null : Directory;
                if (PassUpstreamAttributes.HasValue) client.PassUpstreamAttributes = PassUpstreamAttributes.Value;
                if (OtpMode.HasValue) client.OtpMode = OtpMode.Value;
                if (MyInvocation.BoundParameters.ContainsKey(nameof(Prompt))) client.Prompt = string.IsNullOrEmpty(Prompt) ? null : Prompt;
                if (RequireUserMatch == false)
                    WriteWarning($"Client '{Name}': users who are unknown or not enrolled will be accepted without a second factor.");
                if (NewName != null) client.Name = NewName;
                if (RequireMessageAuthenticator == false)
                    WriteWarning($"Client '{Name}' will be accepted without Message-Authenticator, which leaves it open to BlastRADIUS (CVE-2024-3596) forgeries.");
                if (!ShouldProcess(Name, "Change RADIUS client")) return;
                store.Clients.Update(Name, client);
                if (PassThru) WriteObject(new RasMfaRadiusClient(client));
            }
            catch (StoreException e)
            {
                WriteError(Errors.FromStore(e, Name));
            }
        }
    }
}
