using System.Management.Automation;
using RasMfa.Cmdlets.Common;
using RasMfa.Engine.Administration;
using RasMfa.Engine.Hosting.Service;

namespace RasMfa.Cmdlets.Service
{
    /// <summary>Stops and removes the RasMfa service and its copy of the host; the store, and on Linux the service's user, stay.</summary>
    [Cmdlet(VerbsLifecycle.Uninstall, "RasMfaService", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High)]
    [OutputType(typeof(void))]
    public sealed class UninstallRasMfaServiceCommand : ServiceInstallationCommand
    {
        [Parameter(DontShow = true)]
        [ValidateNotNullOrEmpty]
        public string? UnitDirectory { get; set; }

        [Parameter(DontShow = true)]
        [ValidateNotNullOrEmpty]
        public string? ProgramDirectory { get; set; }

        protected override void EndProcessing()
        {
            RunServiceChange("ServiceUninstallFailed", "removed", () =>
            {
                var found = new RasMfaServiceControl().Uninstall(
                    UnitDirectory == null ? null : GetUnresolvedProviderPathFromPSPath(UnitDirectory),
                    ProgramDirectory == null ? null : GetUnresolvedProviderPathFromPSPath(ProgramDirectory), this);
                if (!found) WriteWarning("The RasMfa service is not installed on this machine: nothing was removed.");
            });
        }
    }
}
