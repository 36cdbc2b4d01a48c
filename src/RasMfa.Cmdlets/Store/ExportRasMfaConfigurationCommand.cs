using System.Linq;
using System.Management.Automation;
using System.Security;
using RasMfa.Cmdlets.Common;
using RasMfa.Engine.Storage.Export;

namespace RasMfa.Cmdlets.Store
{
    /// <summary>
    /// Writes everything the store holds that a server needs (clients, directories, upstream servers, settings, users and
    /// tokens with their used steps, counters and lock state; the audit log with -IncludeAuditLog) into one file sealed with
    /// a key derived from the passphrase. The file is private from its creation and never holds a secret in clear.
    /// </summary>
    [Cmdlet(VerbsData.Export, "RasMfaConfiguration", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
    [OutputType(typeof(ConfigurationExportSummary))]
    public sealed class ExportRasMfaConfigurationCommand : StoreCommand
    {
        [Parameter(Mandatory = true, Position = 0)]
        [ValidateNotNullOrEmpty]
        public string Path { get; set; } = "";

        [Parameter(Mandatory = true)]
        public SecureString Passphrase { get; set; } = new SecureString();

        [Parameter]
        public SwitchParameter IncludeAuditLog { get; set; }

        /// <summary>Replaces an existing file.</summary>
        [Parameter]
        public SwitchParameter Force { get; set; }

        protected override void ProcessRecord()
        {
            var path = GetUnresolvedProviderPathFromPSPath(Path);
            RunOrStop(path, () =>
            {
                ExportFiles.RefuseExisting(path, Force);
                var counts = ConfigurationExport.Count(Store, IncludeAuditLog);
                string rows = $"{counts.Sum(c => c.Rows)} rows ({string.Join(", ", counts.Where(c => c.Rows > 0))})";
                if (!ShouldProcess(path, $"Export {rows} from {Store.Location}, sealed with the passphrase")) return;
                WriteObject(ConfigurationExport.Write(Store, path, SecureStrings.ToText(Passphrase), IncludeAuditLog, Force));
            });
        }
    }
}
