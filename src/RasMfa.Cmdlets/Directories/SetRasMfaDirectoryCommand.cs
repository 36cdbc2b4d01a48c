using System.Linq;
using System.Management.Automation;
using RasMfa.Cmdlets.Common;
using RasMfa.Engine.Directories;
using RasMfa.Engine.Storage;

namespace RasMfa.Cmdlets.Directories
{
    [Cmdlet(VerbsCommon.Set, "RasMfaDirectory", SupportsShouldProcess = true)]
    [OutputType(typeof(RasMfaDirectory))]
    public sealed class SetRasMfaDirectoryCommand : PSCmdlet
    {
        [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
        [ValidateNotNullOrEmpty]
        public string Name { get; set; } = "";

        [Parameter]
        [ValidateNotNullOrEmpty]
        public string[]? Server { get; set; }

        [Parameter]
        [ValidateRange(1, 65535)]
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
        [ValidateRange(1, 120)]
        public int? TimeoutSeconds { get; set; }

        [Parameter]
        [ValidateRange(0, 10080)]
        public int? SyncIntervalMinutes { get; set; }

        [Parameter]
        public SwitchParameter PassThru { get; set; }

        protected override void ProcessRecord()
        {
            try
            {
                var store = StoreAccess.Open();
                var directory = store.Directories.Get(Name);
                if (directory == null)
                {
                    WriteError(Errors.Create("DirectoryNotFound", ErrorCategory.ObjectNotFound, $"No directory is named '{Name}'.", Name));
                    return;
                }
                var bound = MyInvocation.BoundParameters;
                if (Server != null) directory.Servers = Server.Select(s => s.Trim()).ToArray();
                if (bound.ContainsKey(nameof(Port))) directory.Port = Port;
                if (Security.HasValue) directory.Security = Security.Value;
                if (bound.ContainsKey(nameof(BaseDN))) directory.BaseDN = string.IsNullOrWhiteSpace(BaseDN) ? null : BaseDN;
                if (BindCredential != null)
                {
                    directory.BindUserName = BindCredential.UserName;
                    directory.BindPassword = SecureStrings.ToUtf8(BindCredential.Password);
                }
                if (bound.ContainsKey(nameof(CertificateThumbprint))) directory.CertificateThumbprint = string.IsNullOrWhiteSpace(CertificateThumbprint) ? null : CertificateThumbprint;
                if (bound.ContainsKey(nameof(TrustedCaPath)))
                    directory.TrustedCaPath = string.IsNullOrWhiteSpace(TrustedCaPath) ? null : SessionState.Path.GetUnresolvedProviderPathFromPSPath(TrustedCaPath);
                if (TimeoutSeconds.HasValue) directory.TimeoutSeconds = TimeoutSeconds.Value;
                if (SyncIntervalMinutes.HasValue) directory.SyncIntervalMinutes = SyncIntervalMinutes.Value;
                var problem = DirectoryParameters.Check(this, directory);
                if (problem != null)
                {
                    WriteError(problem);
                    return;
                }
                if (!ShouldProcess(Name, "Change directory")) return;
                store.Directories.Update(Name, directory);
                if (PassThru) WriteObject(new RasMfaDirectory(directory));
            }
            catch (StoreException e)
            {
                WriteError(Errors.FromStore(e, Name));
            }
        }
    }
}
