using System.Management.Automation;
using RasMfa.Cmdlets.Common;
using RasMfa.Engine.Administration;
using RasMfa.Engine.Storage;

namespace RasMfa.Cmdlets.Store
{
    /// <summary>
    /// Chooses the store that every session and the service on this machine open when RASMFA_DATABASE is not set:
    /// a SQLite file, or a PostgreSQL database shared by several servers (its password sealed for this machine).
    /// Opens no store and connects to no server.
    /// </summary>
    [Cmdlet(VerbsCommon.Set, "RasMfaStore", SupportsShouldProcess = true)]
    [OutputType(typeof(StoreSelection))]
    public sealed class SetRasMfaStoreCommand : PSCmdlet, IChangeReview
    {
        private const string SqliteSet = "Sqlite";
        private const string PostgreSqlSet = "PostgreSql";

        [Parameter(Mandatory = true, ParameterSetName = SqliteSet)]
        public SwitchParameter Sqlite { get; set; }

        /// <summary>The database's full path; without it, the built-in path (the machine-wide setting is removed).</summary>
        [Parameter(ParameterSetName = SqliteSet, Position = 0)]
        [ValidateNotNullOrEmpty]
        public string? Path { get; set; }

        [Parameter(Mandatory = true, ParameterSetName = PostgreSqlSet)]
        public SwitchParameter PostgreSql { get; set; }

        [Parameter(Mandatory = true, ParameterSetName = PostgreSqlSet)]
        [ValidateNotNullOrEmpty]
        public string ConnectionString { get; set; } = "";

        [Parameter(Mandatory = true, ParameterSetName = PostgreSqlSet)]
        [Credential]
        public PSCredential Credential { get; set; } = PSCredential.Empty;

        [Parameter]
        public SwitchParameter PassThru { get; set; }

        protected override void EndProcessing()
        {
            try
            {
                var selection = ParameterSetName == PostgreSqlSet
                    ? MachineStoreSetting.UsePostgreSql(ConnectionString, Credential.UserName ?? "", SecureStrings.ToUtf8(Credential.Password), this)
                    : MachineStoreSetting.UseSqlite(Path, this);
                if (selection != null && PassThru) WriteObject(selection);
            }
            catch (EngineException e)
            {
                // A password typed into the connection string by mistake is refused, and not shown back as the record's target.
                ThrowTerminatingError(Errors.FromEngine(e, ParameterSetName == PostgreSqlSet ? ConnectionStringShown.WithoutSecrets(ConnectionString) : Path));
            }
        }

        void IChangeReview.Warn(string message) => WriteWarning(message);

        bool IChangeReview.Approve(string target, string action) => ShouldProcess(target, action);
    }
}
