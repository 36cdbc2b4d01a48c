using System;
using System.IO;
using System.Management.Automation;
using RasMfa.Cmdlets.Common;
using RasMfa.Engine.Administration;
using RasMfa.Engine.Hosting.Service;

namespace RasMfa.Cmdlets.Service
{
    /// <summary>
    /// Install- and Uninstall-RasMfaService: they review the engine's changes (warnings become WriteWarning, approval is
    /// ShouldProcess), and a refusal or a file the session may not write ends the command with an id.
    /// </summary>
    public abstract class ServiceInstallationCommand : PSCmdlet, IChangeReview
    {
        /// <summary>Runs <paramref name="change"/>; an unwritable file becomes <paramref name="failedId"/>, saying what could not be <paramref name="done"/>.</summary>
        protected void RunServiceChange(string failedId, string done, Action change)
        {
            try
            {
                change();
            }
            catch (EngineException e)
            {
                ThrowTerminatingError(Errors.FromEngine(e, RasMfaServiceControl.ServiceName));
            }
            catch (Exception e) when (e is IOException || e is UnauthorizedAccessException)
            {
                ThrowTerminatingError(Errors.Create(failedId, ErrorCategory.WriteError,
                    $"The RasMfa service could not be {done}: {e.Message} (run as root on Linux, in an elevated PowerShell on Windows).", RasMfaServiceControl.ServiceName, e));
            }
        }

        void IChangeReview.Warn(string message) => WriteWarning(message);

        bool IChangeReview.Approve(string target, string action) => ShouldProcess(target, action);
    }
}
