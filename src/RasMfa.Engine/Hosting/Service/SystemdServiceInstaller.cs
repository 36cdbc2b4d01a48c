using System;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.RegularExpressions;
using RasMfa.Engine.Administration;
using RasMfa.Engine.Security.Platform;
using RasMfa.Engine.Security.Unix;
using RasMfa.Engine.Storage;

namespace RasMfa.Engine.Hosting.Service
{
    /// <summary>
    /// Install-RasMfaService and its siblings on Linux: rasmfa.service written for systemd, the host copied to a folder of
    /// its build, the service's own user made (useradd --system) and given the store's folder and key; every command
    /// through <see cref="IServiceManagerCommands"/>. A unit folder other than systemd's (tests) gets the unit only:
    /// nothing is reloaded, enabled or started.
    /// </summary>
    public sealed class SystemdServiceInstaller
    {
        public const string DefaultProgramDirectory = "/opt/rasmfa/service";
        public const string DefaultAccount = "rasmfa";
        public const string ServiceName = "rasmfa";
        public const string DiffersErrorId = "ServiceDefinitionDiffers";
        private const string EntryFile = "RasMfa.Service.dll";
        private static readonly Regex AccountName = new Regex(@"^[a-z_][a-z0-9_.-]{0,31}$", RegexOptions.CultureInvariant);
        private readonly IServiceManagerCommands _commands;
        private readonly Func<string, string?> _environment;

        public SystemdServiceInstaller(IServiceManagerCommands commands, Func<string, string?> environment)
        {
            _commands = commands;
            _environment = environment;
        }

        /// <summary>The installation, or null when the admin declined (-WhatIf, -Confirm).</summary>
        public ServiceInstallation? Install(ServiceInstallRequest request, IChangeReview review)
        {
            if (request.Password != null)
                throw new EngineException(EngineErrorKind.InvalidArgument, "ServiceCredentialNotSupported",
                    "systemd runs a service as a user without a password: give -ServiceAccount <user> rather than -Credential on Linux.");
            var account = request.Account ?? DefaultAccount;
            if (!AccountName.IsMatch(account))
                throw new EngineException(EngineErrorKind.InvalidArgument, "ServiceAccountInvalid", $"'{account}' is not a Linux user name.", target: account);
            var unitDirectory = Path.GetFullPath(request.UnitDirectory ?? InstalledServiceUser.SystemdUnitDirectory);
            var programDirectory = Path.GetFullPath(request.ProgramDirectory ?? DefaultProgramDirectory);
            var source = ServiceProgramFiles.SourceFolder(request.ModuleFolder, "net8.0", EntryFile);
            var destination = ServiceProgramFiles.DestinationFor(source, programDirectory);
            var store = SystemdServiceStore.For(StoreSelection.Current(), _environment);
            var unit = new SystemdUnit
            {
                DotnetPath = DotnetHost.Find(_environment, File.Exists, review.Warn),
                ServiceDll = Path.Combine(destination, EntryFile),
                User = account,
                Port = request.Port,
                MetricsAddress = request.MetricsAddress,
            };
            foreach (var address in request.LocalAddresses) unit.Addresses.Add(address.ToString());
            foreach (var variable in store.Environment) unit.Environment[variable.Key] = variable.Value;
            foreach (var path in store.WritablePaths) unit.WritablePaths.Add(path);
            var text = unit.Render();
            var unitPath = Path.Combine(unitDirectory, SystemdUnit.UnitName);
            var existing = File.Exists(unitPath) ? File.ReadAllText(unitPath) : null;
            ServiceInstallation installation(ServiceInstallStatus status) =>
                new ServiceInstallation(ServiceName, status, unitPath, account, destination, request.StartupType, request.Port);
            foreach (var hidden in store.HiddenPaths())
                review.Warn($"The store's folder {hidden} is hidden from the service (PrivateTmp=yes, ProtectHome=yes): it will not start. Put the store elsewhere (Set-RasMfaStore, Copy-RasMfaStore).");
            if (existing == text && ServiceProgramFiles.IsCurrent(source, destination) && IsEnabledAsAsked(unitDirectory, request.StartupType))
                return installation(ServiceInstallStatus.Unchanged);
            if (existing != null && existing != text && !request.Force)
                throw new EngineException(EngineErrorKind.Conflict, DiffersErrorId,
                    $"{unitPath} already defines the RasMfa service differently (another port, account, store or build of the module). " +
                    "Run Install-RasMfaService again with -Force to replace it; the service is restarted if it runs.", target: unitPath);
            if (!review.Approve(unitPath, existing == null ? $"Install the RasMfa service (as user {account}, UDP port {request.Port})" : "Replace the RasMfa service's definition"))
                return null;
            var uid = EnsureAccount(account);
            foreach (var path in store.OwnedPaths)
                if (UnixNative.Status(path).OwnerUid != uid) Run(new ServiceCommand("chown", "-h", account, path)); // never -R: a link planted inside would be followed
            ServiceProgramFiles.Ensure(source, destination);
            Directory.CreateDirectory(unitDirectory);
            WriteWhole(unitPath, text);
            if (IsSystemds(unitDirectory))
            {
                Run(new ServiceCommand("systemctl", "daemon-reload"));
                Run(new ServiceCommand("systemctl", request.StartupType == ServiceStartupType.Automatic ? "enable" : "disable", SystemdUnit.UnitName));
                // A new service that starts with the machine starts now; one replaced is restarted only if it ran, on the new build.
                if (existing == null && request.StartupType == ServiceStartupType.Automatic) Run(new ServiceCommand("systemctl", "start", SystemdUnit.UnitName));
                else if (existing != null) Run(new ServiceCommand("systemctl", "try-restart", SystemdUnit.UnitName));
            }
            ServiceProgramFiles.RemoveOthers(programDirectory, destination);
            return installation(existing == null ? ServiceInstallStatus.Installed : ServiceInstallStatus.Updated);
        }

        /// <summary>Stops and removes the service; false when none is installed. The user and the store stay (the store's files are the user's).</summary>
        public bool Uninstall(string? unitDirectoryOverride, string? programDirectoryOverride, IChangeReview review)
        {
            var unitDirectory = Path.GetFullPath(unitDirectoryOverride ?? InstalledServiceUser.SystemdUnitDirectory);
            var programDirectory = Path.GetFullPath(programDirectoryOverride ?? DefaultProgramDirectory);
            var unitPath = Path.Combine(unitDirectory, SystemdUnit.UnitName);
            if (!File.Exists(unitPath) && !Directory.Exists(programDirectory)) return false;
            if (!review.Approve(unitPath, "Stop and remove the RasMfa service")) return true;
            var systemd = IsSystemds(unitDirectory);
            if (systemd && File.Exists(unitPath)) Run(new ServiceCommand("systemctl", "disable", "--now", SystemdUnit.UnitName));
            if (File.Exists(unitPath)) File.Delete(unitPath);
            if (systemd) Run(new ServiceCommand("systemctl", "daemon-reload"));
            ServiceProgramFiles.RemoveOthers(programDirectory, keep: null);
            if (Directory.Exists(programDirectory) && !Directory.EnumerateFileSystemEntries(programDirectory).Any()) Directory.Delete(programDirectory);
            return true;
        }

        /// <summary>systemctl start, stop or restart; EngineException with what systemctl said when it fails.</summary>
        public void Control(string verb) => Run(new ServiceCommand("systemctl", verb, SystemdUnit.UnitName));

        // The uid of the service's user; the default user is made when missing, another must exist.
        private uint EnsureAccount(string account)
        {
            var found = _commands.Run(new ServiceCommand("id", "-u", account));
            if (!found.Succeeded)
            {
                if (account != DefaultAccount)
                    throw new EngineException(EngineErrorKind.NotFound, "ServiceAccountNotFound",
                        $"There is no user '{account}' on this machine: create it (useradd --system ...) or leave -ServiceAccount out for RasMfa's own user '{DefaultAccount}'.", target: account);
                Run(new ServiceCommand("useradd", "--system", "--user-group", "--no-create-home", "--home-dir", "/nonexistent", "--shell", "/usr/sbin/nologin",
                    "--comment", "RasMfa RADIUS MFA service", account));
                found = Run(new ServiceCommand("id", "-u", account));
            }
            if (!uint.TryParse(found.Output.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var uid))
                throw new EngineException(EngineErrorKind.Unreadable, "ServiceAccountNotFound", $"'id -u {account}' said '{found.Output}', not a user id.", target: account);
            return uid;
        }

        // Unchanged only if systemd also starts it as asked (an admin may have run systemctl disable since).
        private bool IsEnabledAsAsked(string unitDirectory, ServiceStartupType startupType)
        {
            if (!IsSystemds(unitDirectory)) return true;
            var enabled = _commands.Run(new ServiceCommand("systemctl", "is-enabled", SystemdUnit.UnitName)).Output.Trim() == "enabled";
            return enabled == (startupType == ServiceStartupType.Automatic);
        }

        private static bool IsSystemds(string unitDirectory) =>
            string.Equals(unitDirectory.TrimEnd('/'), InstalledServiceUser.SystemdUnitDirectory, StringComparison.Ordinal);

        private ServiceCommandResult Run(ServiceCommand command)
        {
            var result = _commands.Run(command);
            if (!result.Succeeded)
                throw new EngineException(EngineErrorKind.Unavailable, "ServiceCommandFailed",
                    $"'{command}' failed with exit code {result.ExitCode}: {result.Output}", target: command.ToString());
            return result;
        }

        // Root's unit folder, 0644 as systemd expects; a reader sees the old unit or the new one, never half of either.
        private static void WriteWhole(string path, string text)
        {
            var temporary = path + "." + Guid.NewGuid().ToString("N") + ".tmp";
            try
            {
                File.WriteAllText(temporary, text, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false));
                if (File.Exists(path)) File.Replace(temporary, path, destinationBackupFileName: null);
                else File.Move(temporary, path);
            }
            finally
            {
                if (File.Exists(temporary)) File.Delete(temporary);
            }
        }
    }
}
