using System.Management.Automation;
using RasMfa.Cmdlets.Common;
using RasMfa.Engine.Directories;

namespace RasMfa.Cmdlets.Directories
{
    [Cmdlet(VerbsCommon.Set, "RasMfaDirectory", SupportsShouldProcess = true)]
    [OutputType(typeof(RasMfaDirectory))]
    public sealed class SetRasMfaDirectoryCommand : StoreCommand
    {
        [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
        [ValidateNotNullOrEmpty]
        public string Name { get; set; } = "";

        [Parameter]
        [ValidateNotNullOrEmpty]
        public string[]? Server { get; set; }

        [Parameter]
        public int? Port { get; set; }

        [Parameter]
        public DirectorySecurity? Security { get; set; }

        [Parameter]
        public string? BaseDN { get; set; }

        [Parameter]
        public PSCredential? BindCredential { get; set; }

        [Parameter]
        public string? CertificateThumbprint { get; set; }

        [Parameter]
        public string? TrustedCaPath { get; set; }

        [Parameter]
        public int? TimeoutSeconds { get; set; }

        [Parameter]
        public int? SyncIntervalMinutes { get; set; }

        [Parameter]
        public SwitchParameter PassThru { get; set; }

        protected override void ProcessRecord()
        {
            var bound = MyInvocation.BoundParameters;
            var changes = new DirectoryChanges
            {
                Servers = Server,
                Security = Security,
                BindUserName = BindCredential?.UserName,
                BindPassword = BindCredential == null ? null : SecureStrings.ToUtf8(BindCredential.Password),
                TimeoutSeconds = TimeoutSeconds,
                SyncIntervalMinutes = SyncIntervalMinutes,
            };
            if (bound.ContainsKey(nameof(Port))) changes.Port = Port;
            if (bound.ContainsKey(nameof(BaseDN))) changes.BaseDN = BaseDN;
            if (bound.ContainsKey(nameof(CertificateThumbprint))) changes.CertificateThumbprint = CertificateThumbprint;
            if (bound.ContainsKey(nameof(TrustedCaPath)))
                changes.TrustedCaPath = string.IsNullOrWhiteSpace(TrustedCaPath) ? null : SessionState.Path.GetUnresolvedProviderPathFromPSPath(TrustedCaPath);
            Run(Name, () =>
            {
                var directory = new DirectoryService(Store.Directories, Store.Users).Change(Name, changes, this);
                if (directory != null && PassThru) WriteObject(new RasMfaDirectory(directory));
            });
        }
    }
}
