using System.Management.Automation;
using RasMfa.Engine.Hosting;

namespace RasMfa.Cmdlets.Server
{
    [Cmdlet(VerbsCommon.Get, "RasMfaRadiusServer")]
    [OutputType(typeof(ServerStatus), typeof(LogEntry))]
    public sealed class GetRasMfaRadiusServerCommand : PSCmdlet
    {
        /// <summary>Writes the listener's recent log entries instead of its status.</summary>
        [Parameter]
        public SwitchParameter Log { get; set; }

        /// <summary>With -Log: only entries after this sequence number (for following the log).</summary>
        [Parameter]
        public long After { get; set; }

        protected override void EndProcessing()
        {
            if (Log)
            {
                foreach (var entry in RasMfaServerHost.Log.Since(After)) WriteObject(entry);
                return;
            }
            WriteObject(RasMfaServerHost.Status());
        }
    }
}
