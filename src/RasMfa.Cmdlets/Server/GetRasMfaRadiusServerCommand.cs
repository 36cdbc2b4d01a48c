using System.Management.Automation;
using System.Threading;
using RasMfa.Cmdlets.Common;
using RasMfa.Engine.Administration;
using RasMfa.Engine.Hosting;
using RasMfa.Engine.Hosting.Control;

namespace RasMfa.Cmdlets.Server
{
    [Cmdlet(VerbsCommon.Get, "RasMfaRadiusServer")]
    [OutputType(typeof(ServerStatus), typeof(LogEntry))]
    public sealed class GetRasMfaRadiusServerCommand : PSCmdlet
    {
        private readonly CancellationTokenSource _stopping = new CancellationTokenSource();

        /// <summary>Writes the listener's recent log entries instead of its status.</summary>
        [Parameter]
        public SwitchParameter Log { get; set; }

        /// <summary>With -Log: only entries after this sequence number (for following the log).</summary>
        [Parameter]
        public long After { get; set; }

        /// <summary>With -Log: keeps writing new entries as they come, until Ctrl+C or the pipeline stops.</summary>
        [Parameter]
        public SwitchParameter Follow { get; set; }

        /// <summary>The process whose listener to show (this session's is $PID); all of this machine's without it.</summary>
        [Parameter]
        [ValidateRange(1, int.MaxValue)]
        public int? ProcessId { get; set; }

        protected override void EndProcessing()
        {
            if (Follow && !Log)
                ThrowTerminatingError(Errors.Create("FollowWithoutLog", ErrorCategory.InvalidArgument, "-Follow follows the log: use it with -Log.", null));
            try
            {
                if (Log)
                {
                    foreach (var entry in ListenerWatch.Log(ProcessId, After, Follow, _stopping.Token)) WriteObject(entry);
                    return;
                }
                var statuses = ListenerWatch.Statuses(ProcessId, out var problems);
                foreach (var status in statuses) WriteObject(status);
                foreach (var problem in problems) WriteWarning(problem);
            }
            catch (EngineException e)
            {
                WriteError(Errors.FromEngine(e, ProcessId));
            }
        }

        protected override void StopProcessing() => _stopping.Cancel();
    }
}
