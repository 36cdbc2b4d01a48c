using System;
using System.Management.Automation;
using RasMfa.Cmdlets.Common;
using RasMfa.Engine.Audit;
using RasMfa.Engine.Storage.Export;

namespace RasMfa.Cmdlets.Configuration
{
    /// <summary>
    /// Writes the audit records (as Get-RasMfaAuthenticationLog reads them, streamed, oldest first) into a private file:
    /// CSV for a spreadsheet (formulas defused) or JSON Lines for a SIEM; returns how many.
    /// </summary>
    [Cmdlet(VerbsData.Export, "RasMfaAuthenticationLog", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Low)]
    [OutputType(typeof(AuthenticationLogExportSummary))]
    public sealed class ExportRasMfaAuthenticationLogCommand : StoreCommand
    {
        [Parameter(Mandatory = true, Position = 0)]
        [ValidateNotNullOrEmpty]
        public string Path { get; set; } = "";

        [Parameter]
        public AuthenticationLogFormat Format { get; set; } = AuthenticationLogFormat.Csv;

        [Parameter]
        public DateTime? After { get; set; }

        [Parameter]
        public DateTime? Before { get; set; }

        [Parameter]
        [SupportsWildcards]
        public string? UserName { get; set; }

        /// <summary>Replaces an existing file.</summary>
        [Parameter]
        public SwitchParameter Force { get; set; }

        protected override void ProcessRecord()
        {
            var path = GetUnresolvedProviderPathFromPSPath(Path);
            RunOrStop(path, () =>
            {
                ExportFiles.RefuseExisting(path, Force);
                if (!ShouldProcess(path, $"Export the authentication log of {Store.Location} as {Format}")) return;
                var query = new AuthenticationLogQuery { UserName = UserName, AfterUtc = After?.ToUniversalTime(), BeforeUtc = Before?.ToUniversalTime() };
                long records = 0;
                ExportFiles.Write(path, Force, stream => records = AuthenticationLogExport.Write(new AuditLogService(Store.AuditLog).Read(query), stream, Format));
                WriteObject(new AuthenticationLogExportSummary(path, Format, records));
            });
        }
    }
}
