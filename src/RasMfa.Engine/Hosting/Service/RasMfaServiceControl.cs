using System;
using System.Runtime.InteropServices;
using RasMfa.Engine.Administration;

namespace RasMfa.Engine.Hosting.Service
{
    /// <summary>The front door of the service cmdlets: the platform's installer (systemd on Linux, the SCM on Windows) over one command seam.</summary>
    public sealed class RasMfaServiceControl
    {
        private readonly IServiceManagerCommands _commands;

        public RasMfaServiceControl() : this(new ProcessServiceManagerCommands())
        {
        }

        public RasMfaServiceControl(IServiceManagerCommands commands) => _commands = commands;

        private static bool OnWindows => RuntimeInformation.IsOSPlatform(OSPlatform.Windows);

        public ServiceInstallation? Install(ServiceInstallRequest request, IChangeReview review)
        {
#pragma warning disable CA1416 // guarded by OnWindows
            if (OnWindows)
            {
                if (request.UnitDirectory != null)
                    throw new EngineException(EngineErrorKind.InvalidArgument, "UnitDirectoryNotSupported", "-UnitDirectory is systemd's (Linux); Windows services live in the SCM.");
                return new WindowsServiceInstaller(_commands).Install(request, review);
            }
            return new SystemdServiceInstaller(_commands, Environment.GetEnvironmentVariable).Install(request, review);
        }

        /// <summary>False when no service was installed.</summary>
        public bool Uninstall(string? unitDirectory, string? programDirectory, IChangeReview review) => OnWindows
            ? new WindowsServiceInstaller(_commands).Uninstall(programDirectory, review)
            : new SystemdServiceInstaller(_commands, Environment.GetEnvironmentVariable).Uninstall(unitDirectory, programDirectory, review);

        /// <summary><paramref name="verb"/>: start, stop or restart; the service manager waits until it is done (systemd: READY=1 or the stop's drain).</summary>
        public void Control(string verb)
        {
            if (OnWindows) new WindowsServiceInstaller(_commands).Control(verb);
            else new SystemdServiceInstaller(_commands, Environment.GetEnvironmentVariable).Control(verb);
        }
#pragma warning restore CA1416

        /// <summary>The service's name on this platform (rasmfa.service; RasMfa), for messages and ShouldProcess.</summary>
        public static string ServiceName => OnWindows ? WindowsServiceDefinition.ServiceName : SystemdUnit.UnitName;
    }
}
