using System.Management.Automation;
using RasMfa.Cmdlets.Common;
using RasMfa.Engine.Hosting;

namespace RasMfa.Cmdlets.Server
{
    [Cmdlet(VerbsLifecycle.Stop, "RasMfaRadiusServer", SupportsShouldProcess = true)]
    [OutputType(typeof(void))]
    public sealed class StopRasMfaRadiusServerCommand : PSCmdlet
    {
        protected override void EndProcessing()
        {
            if (!RasMfaServerHost.IsRunning)
            {
                WriteError(Errors.Create("ServerNotRunning", ErrorCategory.InvalidOperation, "No RasMfa RADIUS server runs in this process.", null));
                return;
            }
            if (ShouldProcess("RasMfa RADIUS server", "Stop")) RasMfaServerHost.Stop();
        }
    }
}
