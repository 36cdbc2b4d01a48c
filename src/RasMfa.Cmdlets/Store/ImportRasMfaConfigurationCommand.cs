using System.Linq;
using System.Management.Automation;
using System.Security;
using RasMfa.Cmdlets.Common;
using RasMfa.Engine.Storage.Export;

namespace RasMfa.Cmdlets.Store
{
    /// <summary>
    /// Restores a file written by Export-RasMfaConfiguration into the store this session opens, which must be empty unless
    /// -Force (asked first): the file is checked whole before anything is written, then imported in one transaction, its
    /// secrets sealed with this store's own key.
    /// </summary>
    [Cmdlet(VerbsData.Import, "RasMfaConfiguration", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
    [OutputType(typeof(ConfigurationExportSummary))]
    public sealed class ImportRasMfaConfigurationCommand : StoreCommand
    {
        [Parameter(Mandatory = true, Position = 0)]
        [ValidateNotNullOrEmpty]
        public string Path { get; set; } = "";

        [Parameter(Mandatory = true)]
        public SecureString Passphrase { get; set; } = new SecureString();

        /// <summary>Replaces everything the store holds (asks first, as a High impact change).</summary>
        [Parameter]
        public SwitchParameter Force { get; set; }

        protected override void ProcessRecord()
        {
            var path = GetUnresolvedProviderPathFromPSPath(Path);
            RunOrStop(path, () =>
            {
                using var import = ConfigurationImport.Open(path, SecureStrings.ToText(Passphrase));
                var held = ConfigurationImport.HeldBy(Store);
                if (held.Count > 0 && !Force)
                    ThrowTerminatingError(Errors.Create(ConfigurationFileErrors.StoreNotEmptyId, ErrorCategory.InvalidOperation,
                        $"The store {Store.Location} already holds data ({string.Join(", ", held)}), and a configuration is imported only into an empty store. " +
                        "Nothing was imported. Point RASMFA_DATABASE (or Set-RasMfaStore) at a new store, or replace everything this one holds with -Force.", Store.Location));
                string rows = $"{import.Tables.Sum(t => t.Rows)} rows ({string.Join(", ", import.Tables.Where(t => t.Rows > 0))})";
                if (!ShouldProcess(Store.Location, $"Import {rows} exported {import.ExportedUtc:u} from {path}")) return;
                if (held.Count > 0 && !ForceConfirmation.Confirm(this, $"{Store.Location} already holds data ({string.Join(", ", held)}). " +
                    "Remove all of it and put the file's configuration in its place? It cannot be brought back.", "Import-RasMfaConfiguration -Force")) return;
                WriteObject(import.Run(Store, Force));
            });
        }
    }
}
