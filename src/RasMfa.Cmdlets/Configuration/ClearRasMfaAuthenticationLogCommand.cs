using System;
using System.Management.Automation;
using RasMfa.Cmdlets.Common;
using RasMfa.Engine.Audit;

namespace RasMfa.Cmdlets.Configuration
{
    /// <summary>
    /// Removes the audit records older than a date, in short batches that never keep logins waiting, and leaves a note in
    /// the log (Result Purge) saying how many were removed and by whom. The listener does the same each hour for AuditRetentionDays.
    /// </summary>
    [Cmdlet(VerbsCommon.Clear, "RasMfaAuthenticationLog", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
    [OutputType(typeof(AuditPurgeResult))]
    public sealed class ClearRasMfaAuthenticationLogCommand : StoreCommand
    {
        [Parameter(Mandatory = true, Position = 0)]
        public DateTime OlderThan { get; set; }

        [Parameter]
        public SwitchParameter Force { get; set; }

        [Parameter]
        public SwitchParameter PassThru { get; set; }

        private System.Threading.CancellationTokenSource? _stopping;

        protected override void EndProcessing() => RunOrStop(null, () =>
        {
            var cutoff = OlderThan.ToUniversalTime();
            if (cutoff > StoreUtcNow())
                ThrowTerminatingError(Errors.Create("AuditPurgeCutoffInFuture", ErrorCategory.InvalidArgument,
                    $"-OlderThan {OlderThan} is in the future: it would remove records of logins still to be written.", OlderThan));
            if (!ShouldProcess($"audit records older than {OlderThan}", "Remove")) return;
            if (!Force && !ShouldContinue($"Remove every audit record older than {OlderThan}? They cannot be brought back.", "Clear-RasMfaAuthenticationLog")) return;
            _stopping = new System.Threading.CancellationTokenSource();
            long removed = new AuditLogService(Store.AuditLog, StoreUtcNow).Purge(cutoff, $"{Environment.UserDomainName}\\{Environment.UserName} (Clear-RasMfaAuthenticationLog)", _stopping.Token);
            WriteVerbose($"Removed {removed} audit records older than {OlderThan}.");
            if (PassThru) WriteObject(new AuditPurgeResult(removed, OlderThan));
        });

        protected override void StopProcessing()
        {
            _stopping?.Cancel();
            base.StopProcessing();
        }
    }

    /// <summary>What Clear-RasMfaAuthenticationLog removed.</summary>
    public sealed class AuditPurgeResult
    {
        internal AuditPurgeResult(long removed, DateTime olderThan)
        {
            Removed = removed;
            OlderThan = olderThan;
        }

        public long Removed { get; }

        public DateTime OlderThan { get; }
    }
}
