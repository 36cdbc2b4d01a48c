using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Net;
using RasMfa.Engine.Hosting.Metrics;
using RasMfa.Engine.Administration;

namespace RasMfa.Engine.Hosting.Service
{
    /// <summary>
    /// The RasMfa Windows service as the SCM is to hold it, and the sc.exe commands that make it so: the net472 host's
    /// .exe with its arguments quoted, auto or demand start, restart on failure (the host's exit codes count as
    /// failures), and the account: the virtual account NT SERVICE\RasMfa by default, a gMSA (DOMAIN\name$), or an
    /// account with a password (which never goes on a command line: see WindowsServicePassword). Pure, tested on any system.
    /// </summary>
    public sealed class WindowsServiceDefinition
    {
        public const string ServiceName = "RasMfa";
        public const string DisplayName = "RasMfa RADIUS MFA server";
        public const string Description = "RADIUS multi-factor authentication for Parallels RAS, VPNs and gateways (RasMfa). Settings: Get-RasMfaConfiguration.";
        public const string VirtualAccount = @"NT SERVICE\" + ServiceName;

        public WindowsServiceDefinition(string executable, int port, IEnumerable<string> addresses, ServiceStartupType startupType, string? account, bool hasPassword)
            : this(executable, port, addresses, startupType, account, hasPassword, MetricsAddress.ServiceDefaultEndPoint)
        {
        }

        /// <param name="metricsAddress">The metrics and health endpoint; null for none (then no URL is reserved).</param>
        public WindowsServiceDefinition(string executable, int port, IEnumerable<string> addresses, ServiceStartupType startupType, string? account, bool hasPassword,
            IPEndPoint? metricsAddress)
        {
            var words = new List<string> { executable, "--port", port.ToString(CultureInfo.InvariantCulture) };
            var list = addresses.ToList();
            if (list.Count > 0) words.AddRange(new[] { "--address", string.Join(",", list) });
            words.AddRange(MetricsAddress.HostArguments(metricsAddress));
            MetricsUrl = metricsAddress == null ? null : MetricsAddress.UrlPrefix(metricsAddress);
            BinaryPath = string.Join(" ", words.Select(WindowsCommandLine.Quote));
            StartupType = startupType;
            Account = account ?? VirtualAccount;
            HasPassword = hasPassword;
            if (hasPassword && account == null)
                throw new EngineException(EngineErrorKind.InvalidArgument, "ServiceAccountInvalid", "A password needs the account it belongs to.");
            if (!hasPassword && !IsPasswordless(Account))
                throw new EngineException(EngineErrorKind.InvalidArgument, "ServiceAccountInvalid",
                    $"'{Account}' is neither a virtual account (NT SERVICE\\...) nor a group managed service account (DOMAIN\\name$): give -Credential for an account with a password.", target: Account);
        }

        /// <summary>What the SCM runs: the .exe quoted (a path with spaces unquoted would let C:\Program.exe run instead), then its arguments.</summary>
        public string BinaryPath { get; }

        public ServiceStartupType StartupType { get; }

        /// <summary>The URL the service's account is given a reservation for (http.sys), following the metrics address; null for none.</summary>
        public string? MetricsUrl { get; }

        public string Account { get; }

        public bool HasPassword { get; }

        /// <summary>A virtual account's SID is known without asking Windows; null for other accounts (looked up at install).</summary>
        public string? KnownSid => string.Equals(Account, VirtualAccount, StringComparison.OrdinalIgnoreCase) ? WindowsServiceSid.Of(ServiceName) : null;

        public string StartType => StartupType == ServiceStartupType.Automatic ? "auto" : "demand";

        /// <summary>sc.exe create (or config, for a service that exists), then its description, recovery and SID type.</summary>
        public IReadOnlyList<ServiceCommand> Commands(bool exists) => new[]
        {
            new ServiceCommand("sc.exe", exists ? "config" : "create", ServiceName, "binPath=", BinaryPath, "start=", StartType, "DisplayName=", DisplayName, "obj=", Account),
            new ServiceCommand("sc.exe", "description", ServiceName, Description),
            // Restart after 5 s, 5 s, then 60 s; the count starts again after a day without failure.
            new ServiceCommand("sc.exe", "failure", ServiceName, "reset=", "86400", "actions=", "restart/5000/restart/5000/restart/60000"),
            // A start that fails with an exit code (the store, the port) counts as a failure, not only a crash.
            new ServiceCommand("sc.exe", "failureflag", ServiceName, "1"),
            // The service's own SID in its token, so that the store's ACL entry for NT SERVICE\RasMfa applies.
            new ServiceCommand("sc.exe", "sidtype", ServiceName, "unrestricted"),
        };

        /// <summary>True when what `sc.exe qc RasMfa` printed describes this definition (binary path, start type, account).</summary>
        public bool Matches(string queryOutput)
        {
            string? Field(string name) => queryOutput.Split('\n').Select(l => l.Trim())
                .Where(l => l.StartsWith(name, StringComparison.Ordinal)).Select(l => l.Substring(l.IndexOf(':') + 1).Trim()).FirstOrDefault();
            var start = Field("START_TYPE") ?? "";
            return Field("BINARY_PATH_NAME") == BinaryPath
                && start.StartsWith(StartupType == ServiceStartupType.Automatic ? "2" : "3", StringComparison.Ordinal)
                && string.Equals(Field("SERVICE_START_NAME"), Account, StringComparison.OrdinalIgnoreCase);
        }

        private static bool IsPasswordless(string account) =>
            account.StartsWith(@"NT SERVICE\", StringComparison.OrdinalIgnoreCase) || (account.EndsWith("$", StringComparison.Ordinal) && account.Contains("\\"));
    }
}
