using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Security.Principal;
using System.Text;
using RasMfa.Engine.Administration;
using RasMfa.Engine.Storage;

namespace RasMfa.Engine.Hosting.Service
{
    /// <summary>
    /// Install-RasMfaService and its siblings on Windows: the net472 host copied to %ProgramFiles%\RasMfa\service\&lt;build&gt;,
    /// the SCM's definition made with sc.exe (<see cref="WindowsServiceDefinition"/>), and the store's folders' ACLs extended
    /// to the service's account with icacls, the event log source registered (<see cref="WindowsEventLogSource"/>), the metrics URL reserved for it (<see cref="WindowsMetricsReservation"/>). Compiled and its definition unit-tested here; not run (no Windows in CI).
    /// </summary>
#if NET
    [System.Runtime.Versioning.SupportedOSPlatform("windows")]
#endif
    public sealed class WindowsServiceInstaller
    {
        private const string EntryFile = "RasMfa.Service.exe";
        private const int ServiceDoesNotExist = 1060;
        private readonly IServiceManagerCommands _commands;

        public WindowsServiceInstaller(IServiceManagerCommands commands) => _commands = commands;

        public static string DefaultProgramDirectory() =>
            Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.ProgramFiles), "RasMfa", "service");

        public ServiceInstallation? Install(ServiceInstallRequest request, IChangeReview review)
        {
            var programDirectory = Path.GetFullPath(request.ProgramDirectory ?? DefaultProgramDirectory());
            var source = ServiceProgramFiles.SourceFolder(request.ModuleFolder, "net472", EntryFile);
            var destination = ServiceProgramFiles.DestinationFor(source, programDirectory);
            var definition = new WindowsServiceDefinition(Path.Combine(destination, EntryFile), request.Port,
                request.LocalAddresses.Select(a => a.ToString()), request.StartupType, request.Account, request.Password != null, request.MetricsAddress);
            var selection = StoreSelection.Current();
            if (selection.Source == StoreSelectionSource.Environment)
                review.Warn($"This session's store comes from RASMFA_DATABASE ({selection.Location}), which the service does not see: it opens the machine's store. Set it with Set-RasMfaStore.");
            var query = _commands.Run(new ServiceCommand("sc.exe", "qc", WindowsServiceDefinition.ServiceName, "4096"));
            var exists = query.ExitCode != ServiceDoesNotExist;
            ServiceInstallation installation(ServiceInstallStatus status) =>
                new ServiceInstallation(WindowsServiceDefinition.ServiceName, status, definition.BinaryPath, definition.Account, destination, request.StartupType, request.Port);
            // An account with a password cannot be compared (the SCM does not tell it): given again, it is set again.
            if (exists && definition.Matches(query.Output) && !definition.HasPassword && Directory.Exists(destination)) return installation(ServiceInstallStatus.Unchanged);
            if (exists && !request.Force)
                throw new EngineException(EngineErrorKind.Conflict, SystemdServiceInstaller.DiffersErrorId,
                    "The RasMfa service is already installed with another definition (binary, port, account or start type). Run Install-RasMfaService again with -Force to replace it.",
                    target: WindowsServiceDefinition.ServiceName);
            if (!review.Approve(WindowsServiceDefinition.ServiceName, exists ? "Replace the RasMfa service's definition" : $"Install the RasMfa service (as {definition.Account}, UDP port {request.Port})"))
                return null;
            ServiceProgramFiles.Ensure(source, destination);
            foreach (var command in definition.Commands(exists)) Run(command);
            Run(WindowsEventLogSource.Register());
            if (request.Password != null) WindowsServicePassword.Set(WindowsServiceDefinition.ServiceName, definition.Account, Encoding.UTF8.GetString(request.Password));
            var sid = definition.KnownSid ?? new NTAccount(definition.Account).Translate(typeof(SecurityIdentifier)).Value;
            foreach (var folder in StoreFolders(selection))
                if (Directory.Exists(folder)) Run(new ServiceCommand("icacls", folder, "/grant", $"*{sid}:(OI)(CI)F"));
            // Replaced rather than added: netsh refuses a reservation that exists, and the account or the address may have changed.
            var installedUrl = exists ? WindowsMetricsReservation.InstalledUrl(query.Output) : null;
            if (installedUrl != null) _commands.Run(WindowsMetricsReservation.Remove(installedUrl));
            if (definition.MetricsUrl != null)
            {
                if (definition.MetricsUrl != installedUrl) _commands.Run(WindowsMetricsReservation.Remove(definition.MetricsUrl));
                Run(WindowsMetricsReservation.Reserve(definition.MetricsUrl, sid));
            }
            if (exists) Restart(onlyIfRunning: true);
            else if (request.StartupType == ServiceStartupType.Automatic) Run(new ServiceCommand("net.exe", "start", WindowsServiceDefinition.ServiceName));
            ServiceProgramFiles.RemoveOthers(programDirectory, destination);
            return installation(exists ? ServiceInstallStatus.Updated : ServiceInstallStatus.Installed);
        }

        public bool Uninstall(string? programDirectoryOverride, IChangeReview review)
        {
            var programDirectory = Path.GetFullPath(programDirectoryOverride ?? DefaultProgramDirectory());
            var query = _commands.Run(new ServiceCommand("sc.exe", "qc", WindowsServiceDefinition.ServiceName, "4096"));
            var exists = query.ExitCode != ServiceDoesNotExist;
            if (!exists && !Directory.Exists(programDirectory)) return false;
            if (!review.Approve(WindowsServiceDefinition.ServiceName, "Stop and remove the RasMfa service")) return true;
            if (exists)
            {
                Stop(ignoreNotRunning: true);
                Run(new ServiceCommand("sc.exe", "delete", WindowsServiceDefinition.ServiceName));
                var installedUrl = WindowsMetricsReservation.InstalledUrl(query.Output);
                if (installedUrl != null) _commands.Run(WindowsMetricsReservation.Remove(installedUrl));
            }
            ServiceProgramFiles.RemoveOthers(programDirectory, keep: null);
            return true;
        }

        public void Control(string verb)
        {
            if (verb == "stop") Stop(ignoreNotRunning: false);
            else if (verb == "restart") Restart(onlyIfRunning: false);
            else Run(new ServiceCommand("net.exe", verb, WindowsServiceDefinition.ServiceName)); // net start waits until it runs, unlike sc start
        }

        // The store's folder (SQLite) and the machine configuration folder (store.json, the shared store's keys).
        private static IEnumerable<string> StoreFolders(StoreSelection selection)
        {
            if (selection.Kind == StoreKind.Sqlite) yield return Path.GetDirectoryName(selection.Location)!;
            yield return Path.GetDirectoryName(selection.SettingFile)!;
        }

        private void Restart(bool onlyIfRunning)
        {
            var stopped = _commands.Run(new ServiceCommand("net.exe", "stop", WindowsServiceDefinition.ServiceName));
            if (onlyIfRunning && !stopped.Succeeded) return;
            Run(new ServiceCommand("net.exe", "start", WindowsServiceDefinition.ServiceName));
        }

        private void Stop(bool ignoreNotRunning)
        {
            // net stop waits until the service has stopped (its drain), unlike sc stop; it fails too when the service is not running.
            var command = new ServiceCommand("net.exe", "stop", WindowsServiceDefinition.ServiceName);
            var stopped = _commands.Run(command);
            if (!stopped.Succeeded && !ignoreNotRunning) throw Failed(command, stopped);
        }

        private void Run(ServiceCommand command)
        {
            var result = _commands.Run(command);
            if (!result.Succeeded) throw Failed(command, result);
        }

        private static EngineException Failed(ServiceCommand command, ServiceCommandResult result) =>
            new EngineException(EngineErrorKind.Unavailable, "ServiceCommandFailed", $"'{command}' failed with exit code {result.ExitCode}: {result.Output}", target: command.ToString());
    }
}
