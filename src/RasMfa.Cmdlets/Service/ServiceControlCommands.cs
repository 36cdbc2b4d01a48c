using System.Management.Automation;
using RasMfa.Cmdlets.Common;
using RasMfa.Engine.Administration;
using RasMfa.Engine.Hosting.Service;

namespace RasMfa.Cmdlets.Service
{
    /// <summary>Start-, Stop- and Restart-RasMfaService: one call to the service manager, which waits until it is done.</summary>
    public abstract class ServiceControlCommand : PSCmdlet
    {
        private readonly string _verb;
        private readonly string _action;

        protected ServiceControlCommand(string verb, string action)
        {
            _verb = verb;
            _action = action;
        }

        protected override void EndProcessing()
        {
            if (!ShouldProcess(RasMfaServiceControl.ServiceName, _action)) return;
            try
            {
                new RasMfaServiceControl().Control(_verb);
            }
            catch (EngineException e)
            {
                ThrowTerminatingError(Errors.FromEngine(e, RasMfaServiceControl.ServiceName));
            }
        }
    }

    [Cmdlet(VerbsLifecycle.Start, "RasMfaService", SupportsShouldProcess = true)]
    [OutputType(typeof(void))]
    public sealed class StartRasMfaServiceCommand : ServiceControlCommand
    {
        public StartRasMfaServiceCommand() : base("start", "Start the RasMfa service")
        {
        }
    }

    [Cmdlet(VerbsLifecycle.Stop, "RasMfaService", SupportsShouldProcess = true)]
    [OutputType(typeof(void))]
    public sealed class StopRasMfaServiceCommand : ServiceControlCommand
    {
        public StopRasMfaServiceCommand() : base("stop", "Stop the RasMfa service")
        {
        }
    }

    [Cmdlet(VerbsLifecycle.Restart, "RasMfaService", SupportsShouldProcess = true)]
    [OutputType(typeof(void))]
    public sealed class RestartRasMfaServiceCommand : ServiceControlCommand
    {
        public RestartRasMfaServiceCommand() : base("restart", "Restart the RasMfa service")
        {
        }
    }
}
