using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Net;
using System.Text;
using RasMfa.Engine.Administration;

namespace RasMfa.Engine.Hosting.Service
{
    /// <summary>
    /// The text of rasmfa.service: Type=notify (the host sends READY=1 once its UDP socket is bound), its own user, the
    /// store's folder the only place it may write, and no capability but binding ports below 1024. Pure: the installer
    /// gathers the paths, this writes them.
    /// </summary>
    public sealed class SystemdUnit
    {
        public const string UnitName = Security.Unix.InstalledServiceUser.UnitFileName;

        /// <summary>The listener drains for up to 5 s and the host gives it 30 s (Program.cs's ShutdownTimeout); systemd waits longer than both before SIGKILL.</summary>
        public const int StopTimeoutSeconds = 45;

        /// <summary>ExitCodes.InvalidSetting of the host: restarting will not mend a bad port or address.</summary>
        public const int InvalidSettingExitCode = 2;

        public const string ValueInvalidErrorId = "ServiceUnitValueInvalid";

        public string DotnetPath { get; set; } = "";

        public string ServiceDll { get; set; } = "";

        public string User { get; set; } = "";

        public int Port { get; set; } = ServiceInstallRequest.DefaultPort;

        public IList<string> Addresses { get; } = new List<string>();

        /// <summary>The metrics and health endpoint (default 127.0.0.1:9812, left off the command line); null for none.</summary>
        public IPEndPoint? MetricsAddress { get; set; } = Metrics.MetricsAddress.ServiceDefaultEndPoint;

        /// <summary>Variables the host needs to find the store as the installing session did (RASMFA_DATABASE, RASMFA_CONFIG).</summary>
        public IDictionary<string, string> Environment { get; } = new SortedDictionary<string, string>(StringComparer.Ordinal);

        /// <summary>Folders the service may write (ProtectSystem=strict makes everything else read-only): the store's.</summary>
        public IList<string> WritablePaths { get; } = new List<string>();

        public IEnumerable<string> ExecStartArguments()
        {
            yield return DotnetPath;
            yield return ServiceDll;
            yield return "--port";
            yield return Port.ToString(CultureInfo.InvariantCulture);
            if (Addresses.Count > 0)
            {
                yield return "--address";
                yield return string.Join(",", Addresses);
            }
            foreach (var word in Metrics.MetricsAddress.HostArguments(MetricsAddress)) yield return word;
        }

        public string Render()
        {
            if (DotnetPath.Length == 0 || ServiceDll.Length == 0 || User.Length == 0) throw new InvalidOperationException("The unit needs the dotnet host, the service's dll and a user.");
            RefuseControlCharacters();
            var text = new StringBuilder();
            text.AppendLine("# Written by Install-RasMfaService; Install-RasMfaService -Force rewrites it, Uninstall-RasMfaService removes it.");
            text.AppendLine("[Unit]");
            text.AppendLine("Description=RasMfa RADIUS multi-factor authentication server");
            text.AppendLine("Wants=network-online.target");
            text.AppendLine("After=network-online.target");
            text.AppendLine();
            text.AppendLine("[Service]");
            text.AppendLine("Type=notify");
            text.AppendLine("ExecStart=" + string.Join(" ", ExecStartArguments().Select(word => Quote(word, commandLine: true))));
            text.AppendLine("User=" + User);
            foreach (var variable in Environment) text.AppendLine("Environment=" + Quote(variable.Key + "=" + variable.Value, commandLine: false));
            text.AppendLine("Restart=on-failure");
            text.AppendLine("RestartSec=5");
            text.AppendLine("RestartPreventExitStatus=" + InvalidSettingExitCode.ToString(CultureInfo.InvariantCulture));
            // A store on a database server may be slow to open at boot; the host sends READY=1 only after the bind.
            text.AppendLine("TimeoutStartSec=120");
            text.AppendLine("TimeoutStopSec=" + StopTimeoutSeconds.ToString(CultureInfo.InvariantCulture));
            text.AppendLine("UMask=0077");
            text.AppendLine("NoNewPrivileges=yes");
            text.AppendLine("ProtectSystem=strict");
            foreach (var path in WritablePaths.Distinct(StringComparer.Ordinal)) text.AppendLine("ReadWritePaths=" + Quote(path, commandLine: false));
            // The control socket's folder (Hosting/Control/UnixRuntimeFolders): made for the service's user, private; without
            // it the service would fall back to a folder under its private /tmp, which no admin session can see.
            text.AppendLine("RuntimeDirectory=rasmfa");
            text.AppendLine("RuntimeDirectoryMode=0700");
            text.AppendLine("PrivateTmp=yes");
            text.AppendLine("ProtectHome=yes");
            text.AppendLine("PrivateDevices=yes");
            text.AppendLine("ProtectKernelTunables=yes");
            text.AppendLine("ProtectKernelModules=yes");
            text.AppendLine("ProtectControlGroups=yes");
            text.AppendLine("RestrictSUIDSGID=yes");
            text.AppendLine("LockPersonality=yes");
            // No MemoryDenyWriteExecute: .NET's JIT writes the code it runs.
            text.AppendLine("CapabilityBoundingSet=CAP_NET_BIND_SERVICE");
            text.AppendLine("AmbientCapabilities=CAP_NET_BIND_SERVICE");
            text.AppendLine("RestrictAddressFamilies=AF_INET AF_INET6 AF_UNIX");
            text.AppendLine();
            text.AppendLine("[Install]");
            text.AppendLine("WantedBy=multi-user.target");
            return text.ToString();
        }

        /// <summary>
        /// systemd ends a unit's line at a carriage return as well as a line feed, and no path, user or store setting has a
        /// reason to hold a control character: any one (C0, DEL, C1) is refused rather than written, so that no value can add
        /// a directive root never wrote.
        /// </summary>
        private void RefuseControlCharacters()
        {
            var values = new List<KeyValuePair<string, string>>
            {
                new KeyValuePair<string, string>("the dotnet host's path", DotnetPath),
                new KeyValuePair<string, string>("the service's program path", ServiceDll),
                new KeyValuePair<string, string>("the service's user", User),
            };
            values.AddRange(Addresses.Select(address => new KeyValuePair<string, string>("a local address", address)));
            values.AddRange(Environment.Select(variable => new KeyValuePair<string, string>("the environment variable " + variable.Key, variable.Key + "=" + variable.Value)));
            values.AddRange(WritablePaths.Select(path => new KeyValuePair<string, string>("the store's folder", path)));
            foreach (var value in values)
            {
                if (value.Value.Any(char.IsControl))
                    throw new EngineException(EngineErrorKind.InvalidArgument, ValueInvalidErrorId,
                        $"{value.Key} holds a control character (a line break, tab or the like), which rasmfa.service cannot carry safely: " +
                        "choose a path or value without one (Set-RasMfaStore, RASMFA_DATABASE, RASMFA_CONFIG).", target: value.Value);
            }
        }

        /// <summary>
        /// One word of a unit's command line or setting, as systemd reads it back: in double quotes with C escapes, and
        /// systemd's specifiers ('%') doubled so that none is expanded, and on a command line its variable references ('$') too.
        /// </summary>
        public static string Quote(string word, bool commandLine)
        {
            var quoted = new StringBuilder("\"");
            foreach (var c in word)
            {
                switch (c)
                {
                    case '"': quoted.Append("\\\""); break;
                    case '\\': quoted.Append("\\\\"); break;
                    case '%': quoted.Append("%%"); break;
                    case '$': quoted.Append(commandLine ? "$$" : "$"); break;
                    case '\n': quoted.Append("\\n"); break;
                    case '\t': quoted.Append("\\t"); break;
                    case '\r': quoted.Append("\\r"); break;
                    default:
                        if (char.IsControl(c)) quoted.Append(c < 0x80 ? "\\x" : "\\u").Append(((int)c).ToString(c < 0x80 ? "x2" : "x4", CultureInfo.InvariantCulture));
                        else quoted.Append(c);
                        break;
                }
            }
            return quoted.Append('"').ToString();
        }
    }
}
