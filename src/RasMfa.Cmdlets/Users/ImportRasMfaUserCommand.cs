using System;
using System.Collections.Generic;
using System.IO;
using System.Management.Automation;
using RasMfa.Cmdlets.Common;
using RasMfa.Engine.Tokens;
using RasMfa.Engine.Users;

namespace RasMfa.Cmdlets.Users
{
    /// <summary>
    /// Creates or updates users from a CSV file or from pipeline objects (UserName, DisplayName, Email, PhoneNumber, Enabled).
    /// Rows go to the store in batches; each bad row is one error naming its line, and the good rows are kept.
    /// </summary>
    [Cmdlet(VerbsData.Import, "RasMfaUser", SupportsShouldProcess = true, DefaultParameterSetName = PipelineSet)]
    [OutputType(typeof(UserImportSummary), typeof(Engine.Directories.DirectorySyncResult))]
    public sealed class ImportRasMfaUserCommand : StoreCommand
    {
        private const string DirectorySet = "Directory";
        private const string EntraSet = "EntraTenant";
        private const string PathSet = "Path";
        private const string PipelineSet = "Pipeline";
        private const int BatchSize = 2000;
        private readonly List<UserImportRow> _pending = new List<UserImportRow>();
        private readonly UserImportSummary _summary = new UserImportSummary();
        private int _received;

        [Parameter(Mandatory = true, Position = 0, ParameterSetName = PathSet)]
        [ValidateNotNullOrEmpty]
        public string Path { get; set; } = "";

        /// <summary>Imports from a directory (Add-RasMfaDirectory) instead of a file.</summary>
        [Parameter(Mandatory = true, ParameterSetName = DirectorySet)]
        [ValidateNotNullOrEmpty]
        public string Directory { get; set; } = "";

        /// <summary>Imports a group's users (through nested groups) from an Entra ID tenant (Add-RasMfaEntraTenant) through Microsoft Graph.</summary>
        [Parameter(Mandatory = true, ParameterSetName = EntraSet)]
        [ValidateNotNullOrEmpty]
        public string EntraTenant { get; set; } = "";

        [Parameter(ParameterSetName = DirectorySet)]
        [Parameter(Mandatory = true, ParameterSetName = EntraSet)]
        [ValidateNotNullOrEmpty]
        public string? Group { get; set; }

        [Parameter(ParameterSetName = DirectorySet)]
        [ValidateNotNullOrEmpty]
        public string? SearchBase { get; set; }

        [Parameter(ParameterSetName = DirectorySet)]
        public SwitchParameter Recurse { get; set; }

        /// <summary>A directory: UserPrincipalName or SamAccountName; an Entra tenant: UserPrincipalName or OnPremisesSamAccountName.</summary>
        [Parameter(ParameterSetName = DirectorySet)]
        [Parameter(ParameterSetName = EntraSet)]
        [ValidateSet("UserPrincipalName", "SamAccountName", "OnPremisesSamAccountName", IgnoreCase = true)]
        public string UserNameAttribute { get; set; } = "UserPrincipalName";

        [Parameter(Mandatory = true, ValueFromPipelineByPropertyName = true, ParameterSetName = PipelineSet)]
        [AllowEmptyString]
        public string UserName { get; set; } = "";

        [Parameter(ValueFromPipelineByPropertyName = true, ParameterSetName = PipelineSet)]
        public string? DisplayName { get; set; }

        [Parameter(ValueFromPipelineByPropertyName = true, ParameterSetName = PipelineSet)]
        public string? Email { get; set; }

        [Parameter(ValueFromPipelineByPropertyName = true, ParameterSetName = PipelineSet)]
        public string? PhoneNumber { get; set; }

        /// <summary>A string, so that "False" from a CSV file means false (PowerShell would bind any non-empty string to $true).</summary>
        [Parameter(ValueFromPipelineByPropertyName = true, ParameterSetName = PipelineSet)]
        public string? Enabled { get; set; }

        protected override void ProcessRecord()
        {
            if (ParameterSetName == DirectorySet)
            {
                ImportDirectory();
                return;
            }
            if (ParameterSetName == EntraSet)
            {
                ImportEntra();
                return;
            }
            if (ParameterSetName == PathSet)
            {
                ImportFile();
                return;
            }
            _received++;
            Queue(new UserImportRow { UserName = UserName, DisplayName = NullIfEmpty(DisplayName), Email = NullIfEmpty(Email), PhoneNumber = NullIfEmpty(PhoneNumber), Line = _received },
                Enabled, $"record {_received}");
        }

        protected override void EndProcessing()
        {
            if (ParameterSetName == DirectorySet || ParameterSetName == EntraSet) return;
            Flush();
            WriteProgress(new ProgressRecord(1, "Importing RasMfa users", "Done") { RecordType = ProgressRecordType.Completed });
            WriteObject(_summary);
        }

        private void ImportDirectory()
        {
            if (!Enum.TryParse<Engine.Directories.UserNameAttribute>(UserNameAttribute, true, out var attribute))
                ThrowTerminatingError(Errors.Create("InvalidUserNameAttribute", ErrorCategory.InvalidArgument,
                    $"-UserNameAttribute {UserNameAttribute} is for an Entra tenant; a directory takes UserPrincipalName or SamAccountName.", UserNameAttribute));
            var scope = new Engine.Directories.DirectoryScope { Group = Group, SearchBase = SearchBase, Recurse = Recurse, UserNameAttribute = attribute };
            RunOrStop(Directory, () =>
            {
                WriteProgress(new ProgressRecord(1, "Importing RasMfa users", $"Reading {Directory}"));
                var result = new Engine.Directories.DirectoryService(Store.Directories, Store.Users).Import(Directory, scope, this);
                WriteProgress(new ProgressRecord(1, "Importing RasMfa users", "Done") { RecordType = ProgressRecordType.Completed });
                if (result != null) WriteObject(result);
            });
        }

        private void ImportEntra()
        {
            if (!Enum.TryParse<Engine.Entra.EntraUserNameAttribute>(UserNameAttribute, true, out var attribute))
                ThrowTerminatingError(Errors.Create("InvalidUserNameAttribute", ErrorCategory.InvalidArgument,
                    $"-UserNameAttribute {UserNameAttribute} is for a directory; an Entra tenant takes UserPrincipalName or OnPremisesSamAccountName.", UserNameAttribute));
            RunOrStop(EntraTenant, () =>
            {
                WriteProgress(new ProgressRecord(1, "Importing RasMfa users", $"Reading {Group} in {EntraTenant}"));
                var result = new Engine.Entra.EntraUserImport(Store.EntraTenants, Store.Directories, Store.Users).Import(EntraTenant, Group!, attribute, this);
                WriteProgress(new ProgressRecord(1, "Importing RasMfa users", "Done") { RecordType = ProgressRecordType.Completed });
                if (result != null) WriteObject(result);
            });
        }

        private void ImportFile()
        {
            var path = SessionState.Path.GetUnresolvedProviderPathFromPSPath(Path);
            if (!File.Exists(path)) ThrowTerminatingError(Errors.Create("ImportFileNotFound", ErrorCategory.ObjectNotFound, $"The file '{path}' does not exist.", Path));
            long size = Math.Max(1, new FileInfo(path).Length);
            using var stream = File.OpenRead(path);
            using var reader = new StreamReader(stream);
            foreach (var (line, fields) in CsvTable.Read(reader))
            {
                if (Stopping) return;
                string? Field(string name) => fields.TryGetValue(name, out var value) ? NullIfEmpty(value) : null;
                Queue(new UserImportRow { UserName = Field("UserName") ?? "", DisplayName = Field("DisplayName"), Email = Field("Email"), PhoneNumber = Field("PhoneNumber"), Line = line },
                    Field("Enabled"), $"line {line}");
                if (_pending.Count == 0)
                    WriteProgress(new ProgressRecord(1, "Importing RasMfa users", $"{_summary.Total} rows") { PercentComplete = (int)Math.Min(100, stream.Position * 100 / size) });
            }
        }

        private void Queue(UserImportRow row, string? enabled, string where)
        {
            if (!string.IsNullOrWhiteSpace(enabled))
            {
                var parsed = ParseEnabled(enabled!);
                if (parsed == null)
                {
                    _summary.Count(new UserImportOutcome(row, UserImportStatus.Failed));
                    WriteError(Errors.Create("InvalidRasMfaUserRow", ErrorCategory.InvalidData, $"{where}: Enabled '{enabled}' is not True or False.", row.UserName));
                    return;
                }
                row.Enabled = parsed;
            }
            _pending.Add(row);
            if (_pending.Count >= BatchSize) Flush();
        }

        private void Flush()
        {
            if (_pending.Count == 0) return;
            if (ShouldProcess($"{_pending.Count} users ({_pending[0].UserName} ...)", "Create or update RasMfa users"))
            {
                RunOrStop(null, () =>
                {
                    foreach (var outcome in new UserService(Store.Users, StoreUtcNow).Import(_pending))
                    {
                        _summary.Count(outcome);
                        if (outcome.Status == UserImportStatus.Failed)
                        {
                            var where = ParameterSetName == PathSet ? $"line {outcome.Row.Line}" : $"record {outcome.Row.Line}";
                            WriteError(Errors.Create("InvalidRasMfaUserRow", ErrorCategory.InvalidData, $"{where}: {outcome.Error}", outcome.Row.UserName));
                        }
                    }
                });
            }
            _pending.Clear();
            WriteProgress(new ProgressRecord(1, "Importing RasMfa users", $"{_summary.Total} rows: {_summary.Created} created, {_summary.Updated} updated, {_summary.Failed} failed"));
        }

        private static bool? ParseEnabled(string text)
        {
            switch (text.Trim().ToLowerInvariant())
            {
                case "": return null;
                case "true": case "1": case "yes": case "$true": return true;
                case "false": case "0": case "no": case "$false": return false;
                default: return null;
            }
        }
    }
}
