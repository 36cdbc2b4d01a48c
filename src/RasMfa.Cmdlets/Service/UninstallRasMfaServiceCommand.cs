using System.Management.Automation;
using RasMfa.Cmdlets.Common;
using RasMfa.Engine.Administration;
using RasMfa.Engine.Hosting.Service;

namespace RasMfa.Cmdlets.Service
{
    /// <summary>Stops and removes the RasMfa service and its copy of the host; the store, and on Linux the service's user, stay.</summary>
    [Cmdlet(VerbsLifecycle.Uninstall, "RasMfaService", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High)]
    [OutputType(typeof(void))]
    public sealed class UninstallRasMfaServiceCommand : PSCmdlet, IChangeReview
    {
        [Parameter(DontShow = true)]
        [ValidateNotNullOrEmpty]
        public string? UnitDirectory { get; set; }

        [Parameter(DontShow = true)]
        [ValidateNotNullOrEmpty]
        public string? ProgramDirectory { get; set; }

        protected override void EndProcessing()
        {
            try
            {
                var found = new RasMfaServiceControl().Uninstall(
                    UnitDirectory == null ? null : GetUnresolvedProviderPathFromPSPath(UnitDirectory),
                    ProgramDirectory == null ? null : GetUnresolvedProviderPathFromPSPath(ProgramDirectory), this);
                if (!found) WriteWarning("The RasMfa service is not installed on this machine: nothing was removed.");
            }
            catch (EngineException e)
            {
                ThrowTerminatingError(Errors.FromEngine(e, RasMfaServiceControl.ServiceName));
            }
            catch (System.Exception e) when (e is System.IO.IOException || e is System.UnauthorizedAccessException)
            {
                ThrowTerminatingError(Errors.Create("ServiceUninstallFailed", ErrorCategory.WriteError,
                    $"The RasMfa service could not be removed: {e.Message} (run as root on Linux, in an elevated PowerShell on Windows).", RasMfaServiceControl.ServiceName, e));
            }
        }

        void IChangeReview.Warn(string message) => WriteWarning(message);

        bool IChangeReview.Approve(string target, string action) => ShouldProcess(target, action);
    }
}
