using System;
using System.Linq;
using System.Management.Automation;
using RasMfa.Cmdlets.Common;
using RasMfa.Engine.Administration;
using RasMfa.Engine.Storage;
using RasMfa.Engine.Storage.Copy;

namespace RasMfa.Cmdlets.Store
{
    /// <summary>
    /// Copies everything a store holds into another, empty one (SQLite to PostgreSQL and back, or a SQLite file moved):
    /// the source is only read, the destination written in one transaction, secrets resealed with the destination's key.
    /// Each end is a SQLite path, a PostgreSQL connection string with its credential, or the store this machine is set to use.
    /// </summary>
    [Cmdlet(VerbsCommon.Copy, "RasMfaStore", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
    [OutputType(typeof(StoreCopySummary))]
    public sealed class CopyRasMfaStoreCommand : PSCmdlet
    {
        public const string SelectedStore = "Selected";
        private const string Activity = "Copying the RasMfa store";

        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? SourcePath { get; set; }

        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? SourceConnectionString { get; set; }

        [Parameter]
        [Credential]
        public PSCredential? SourceCredential { get; set; }

        /// <summary>Selected: the store this session opens (Get-RasMfaStore).</summary>
        [Parameter]
        [ValidateSet(SelectedStore)]
        public string? Source { get; set; }

        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? DestinationPath { get; set; }

        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? DestinationConnectionString { get; set; }

        [Parameter]
        [Credential]
        public PSCredential? DestinationCredential { get; set; }

        [Parameter]
        [ValidateSet(SelectedStore)]
        public string? Destination { get; set; }

        /// <summary>Removes everything the destination holds first, in the copy's transaction (asks first, as a High impact change).</summary>
        [Parameter]
        public SwitchParameter Force { get; set; }

        /// <summary>Copies records whose secret the source's key cannot open without that secret (a value no key opens), and lists them.</summary>
        [Parameter]
        public SwitchParameter SkipUnreadable { get; set; }

        protected override void EndProcessing()
        {
            using var source = Endpoint("Source", SourcePath, SourceConnectionString, SourceCredential, Source);
            using var destination = Endpoint("Destination", DestinationPath, DestinationConnectionString, DestinationCredential, Destination);
            try
            {
                using var copy = StoreCopy.OpenSource(source);
                var counts = copy.CountSource();
                var unreadable = copy.CheckSecrets(SkipUnreadable);
                if (unreadable.Count > 0)
                    WriteWarning($"The source's key cannot open the secret of {unreadable.Count} record(s): {string.Join(", ", unreadable)}. " +
                        "They are copied without their secrets (a value no key opens), and stay unusable until their secrets are set again in the destination.");
                string rows = $"{counts.Sum(c => c.Rows)} rows ({string.Join(", ", counts.Where(c => c.Rows > 0))})";
                if (!ShouldProcess(destination.ToString(), $"Copy {rows} from {source}")) return;

                copy.OpenDestination(destination);
                var held = copy.FindDestinationData();
                if (held.Count > 0 && Force && !ForceConfirmation.Confirm(this, $"{destination} already holds data ({string.Join(", ", held)}). " +
                    "Remove all of it and put the copy in its place? It cannot be brought back.", "Copy-RasMfaStore -Force")) return;
                var summary = copy.Run(Force, SkipUnreadable, Report);
                WriteProgress(new ProgressRecord(1, Activity, "Done") { RecordType = ProgressRecordType.Completed });
                WriteObject(summary);
            }
            catch (EngineException e)
            {
                ThrowTerminatingError(Errors.FromEngine(e, destination.ToString()));
            }
        }

        private void Report(StoreCopyProgress progress) =>
            WriteProgress(new ProgressRecord(1, Activity,
                $"{progress.Table} (table {progress.TableNumber} of {progress.TableCount}): {progress.TableRowsDone} of {progress.TableRowsTotal} rows")
            { PercentComplete = progress.Percent });

        private StoreCopyEndpoint Endpoint(string end, string? path, string? connectionString, PSCredential? credential, string? selected)
        {
            int named = (path != null ? 1 : 0) + (connectionString != null ? 1 : 0) + (selected != null ? 1 : 0);
            if (named != 1)
                ThrowTerminatingError(Errors.Create(named == 0 ? $"StoreCopy{end}Missing" : $"StoreCopy{end}Ambiguous", ErrorCategory.InvalidArgument,
                    $"Name the {end.ToLowerInvariant()} store once: -{end}Path <SQLite file>, -{end}ConnectionString <PostgreSQL> with -{end}Credential, or -{end} Selected.", null));
            if ((credential != null) != (connectionString != null))
                ThrowTerminatingError(Errors.Create($"StoreCopy{end}CredentialMismatch", ErrorCategory.InvalidArgument,
                    $"-{end}Credential goes with -{end}ConnectionString, and only with it: the PostgreSQL user and password are given as the credential.", ConnectionStringShown.WithoutSecrets(connectionString)));
            try
            {
                if (path != null) return StoreCopyEndpoint.Sqlite(GetUnresolvedProviderPathFromPSPath(path));
                if (connectionString != null) return StoreCopyEndpoint.PostgreSql(connectionString, credential!.UserName ?? "", SecureStrings.ToUtf8(credential.Password));
                return StoreCopyEndpoint.Selected();
            }
            catch (EngineException e)
            {
                // A password typed into the connection string by mistake is refused, and not shown back as the record's target.
                ThrowTerminatingError(Errors.FromEngine(e, path ?? ConnectionStringShown.WithoutSecrets(connectionString) ?? selected));
                throw; // not reached: ThrowTerminatingError throws
            }
        }
    }
}
