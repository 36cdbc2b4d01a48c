using System.Management.Automation;
using System.Security;
using RasMfa.Cmdlets.Common;
using RasMfa.Engine.Push;

namespace RasMfa.Cmdlets.Push
{
    /// <summary>
    /// Sets where the push approval page listens (HTTPS only), its certificate (a PFX, its password sealed in the store;
    /// or -SelfSignedLoopback for a lab), and the public URL the links start with. A listener applies it when it starts.
    /// </summary>
    [Cmdlet(VerbsCommon.Set, "RasMfaApprovalPage", SupportsShouldProcess = true, DefaultParameterSetName = PfxSet)]
    [OutputType(typeof(RasMfaApprovalPage))]
    public sealed class SetRasMfaApprovalPageCommand : StoreCommand
    {
        private const string PfxSet = "Pfx";
        private const string LabSet = "SelfSignedLoopback";

        [Parameter(Mandatory = true)]
        [ValidateNotNullOrEmpty]
        public string PublicUrl { get; set; } = "";

        [Parameter]
        [ValidateNotNullOrEmpty]
        public string Address { get; set; } = "0.0.0.0";

        [Parameter]
        [ValidateRange(1, 65535)]
        public int Port { get; set; } = 8443;

        [Parameter(Mandatory = true, ParameterSetName = PfxSet)]
        [ValidateNotNullOrEmpty]
        public string CertificatePath { get; set; } = "";

        [Parameter(ParameterSetName = PfxSet)]
        public SecureString? CertificatePassword { get; set; }

        [Parameter(Mandatory = true, ParameterSetName = LabSet)]
        public SwitchParameter SelfSignedLoopback { get; set; }

        [Parameter]
        public SwitchParameter PassThru { get; set; }

        protected override void EndProcessing() => RunOrStop("ApprovalPage", () =>
        {
            string? path = ParameterSetName == PfxSet ? SessionState.Path.GetUnresolvedProviderPathFromPSPath(CertificatePath) : null;
            string address = ParameterSetName == LabSet && !MyInvocation.BoundParameters.ContainsKey(nameof(Address)) ? "127.0.0.1" : Address;
            var page = new ApprovalPageDefinition(address, Port, PublicUrl, path, CertificatePassword == null ? null : SecureStrings.ToUtf8(CertificatePassword));
            if (path != null && !System.IO.File.Exists(path))
                throw new Engine.Administration.EngineException(Engine.Administration.EngineErrorKind.NotFound, "CertificateFileNotFound", $"No certificate file at {path}.");
            var set = new ApprovalPageService(Store.ApprovalPage).Set(page, this);
            if (set != null && PassThru) WriteObject(new RasMfaApprovalPage(set));
        });
    }
}
