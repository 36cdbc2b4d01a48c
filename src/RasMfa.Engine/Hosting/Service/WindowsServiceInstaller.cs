using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Security.Principal;
using System.Text;
using RasMfa.Engine.Administration;
using RasMfa.Engine.Audit;
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

        /// <summary>Install refused: the metrics URL is reserved for another account than the service's.</summary>
        public const string ReservedElsewhereErrorId = "MetricsUrlReservedElsewhere";
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
            var sid = definition.KnownSid ?? new NTAccount(definition.Account).Translate(typeof(SecurityIdentifier)).Value;
            var serviceSids = ServiceSids(sid, exists ? query.Output : null);
            // Before any change: the service could not listen on a URL reserved for another program, and that reservation is
            // not ours to delete (refused rather than skipped with a warning: a service that cannot start is worse than none).
            var reservedNow = definition.MetricsUrl == null ? "" : _commands.Run(WindowsMetricsReservation.Show(definition.MetricsUrl)).Output;
            if (WindowsMetricsReservation.Holders(reservedNow).Count > 0 && !WindowsMetricsReservation.IsOnlyFor(reservedNow, serviceSids))
                throw ReservedElsewhere(definition.MetricsUrl!, reservedNow);
            ServiceProgramFiles.Ensure(source, destination);
            foreach (var command in definition.Commands(exists)) Run(command);
            Run(WindowsEventLogSource.Register());
            if (request.Password != null) WindowsServicePassword.Set(WindowsServiceDefinition.ServiceName, definition.Account, Encoding.UTF8.GetString(request.Password));
            foreach (var folder in StoreFolders(selection))
                if (Directory.Exists(folder)) Run(new ServiceCommand("icacls", folder, "/grant", $"*{sid}:(OI)(CI)F"));
            // The old address's reservation goes if it is the service's; the new one is replaced rather than added (netsh
            // refuses a reservation that exists, and the account may have changed): it was checked to be the service's above.
            var installedUrl = exists ? WindowsMetricsReservation.InstalledUrl(query.Output) : null;
            if (installedUrl != null && installedUrl != definition.MetricsUrl) RemoveIfTheServices(installedUrl, serviceSids, review);
            if (definition.MetricsUrl != null)
            {
                if (WindowsMetricsReservation.Holders(reservedNow).Count > 0) _commands.Run(WindowsMetricsReservation.Remove(definition.MetricsUrl));
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
                if (installedUrl != null) RemoveIfTheServices(installedUrl, ServiceSids(null, query.Output), review);
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

        /// <summary>
        /// The SIDs a reservation of the service's may grant: its account's (<paramref name="accountSid"/>), the account the
        /// installed service runs as (from `sc.exe qc`), and NT SERVICE\RasMfa's, which only this service holds.
        /// </summary>
        private static IEnumerable<string> ServiceSids(string? accountSid, string? queryOutput)
        {
            yield return WindowsServiceSid.Of(WindowsServiceDefinition.ServiceName);
            if (accountSid != null) yield return accountSid;
            var installedAccount = queryOutput?.Split('\n').Select(l => l.Trim()).Where(l => l.StartsWith("SERVICE_START_NAME", StringComparison.Ordinal))
                .Select(l => l.Substring(l.IndexOf(':') + 1).Trim()).FirstOrDefault();
            if (!string.IsNullOrEmpty(installedAccount) && AccountSid(installedAccount!) is { } installedSid) yield return installedSid;
        }

        private static string? AccountSid(string account)
        {
            if (string.Equals(account, WindowsServiceDefinition.VirtualAccount, StringComparison.OrdinalIgnoreCase)) return WindowsServiceSid.Of(WindowsServiceDefinition.ServiceName);
            try
            {
                return new NTAccount(account).Translate(typeof(SecurityIdentifier)).Value;
            }
            catch (Exception e) when (e is IdentityNotMappedException || e is SystemException)
            {
                return null; // an account Windows no longer knows (or LocalSystem's name): a reservation for it is not provably ours
            }
        }

        /// <summary>Deletes the reservation of <paramref name="url"/> only when it is the service's; another program's stays, and the admin is told.</summary>
        private void RemoveIfTheServices(string url, IEnumerable<string> serviceSids, IChangeReview review)
        {
            var shown = _commands.Run(WindowsMetricsReservation.Show(url)).Output;
            var holders = WindowsMetricsReservation.Holders(shown);
            if (holders.Count == 0) return;
            if (WindowsMetricsReservation.IsOnlyFor(shown, serviceSids)) _commands.Run(WindowsMetricsReservation.Remove(url));
            else review.Warn($"The URL reservation of {url} grants {Shown(holders)}, not the RasMfa service: it is another program's and stays.");
        }

        private static EngineException ReservedElsewhere(string url, string shown) =>
            new EngineException(EngineErrorKind.Conflict, ReservedElsewhereErrorId,
                $"The metrics URL {url} is reserved for {Shown(WindowsMetricsReservation.Holders(shown))} (netsh http show urlacl url={url}), not for the RasMfa service, " +
                "which could not listen there. Give Install-RasMfaService another -MetricsAddress (or off); or, if that reservation is stale, " +
                $"remove it with netsh http delete urlacl url={url} and install again.", target: url);

        private static string Shown(IEnumerable<string> sids) => string.Join(", ", sids.Select(DisplayText.Escape));

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
