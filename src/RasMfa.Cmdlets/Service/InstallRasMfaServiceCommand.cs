using System;
using System.Management.Automation;
using System.Net;
using RasMfa.Cmdlets.Common;
using RasMfa.Engine.Administration;
using MetricsAddresses = RasMfa.Engine.Hosting.Metrics.MetricsAddress;
using RasMfa.Engine.Hosting.Service;

namespace RasMfa.Cmdlets.Service
{
    /// <summary>
    /// Installs the RADIUS listener as a service of this machine: a systemd unit on Linux, a Windows service on Windows,
    /// opening the store this session opens. Installing the same definition again changes nothing and says so.
    /// </summary>
    [Cmdlet(VerbsLifecycle.Install, "RasMfaService", SupportsShouldProcess = true, DefaultParameterSetName = AccountSet)]
    [OutputType(typeof(ServiceInstallation))]
    public sealed class InstallRasMfaServiceCommand : ServiceInstallationCommand
    {
        private const string AccountSet = "ServiceAccount";
        private const string CredentialSet = "Credential";

        /// <summary>Linux: an existing user; Windows: a virtual account (NT SERVICE\...) or a gMSA (DOMAIN\name$).</summary>
        [Parameter(ParameterSetName = AccountSet)]
        [ValidateNotNullOrEmpty]
        public string? ServiceAccount { get; set; }

        /// <summary>Windows: an account with a password.</summary>
        [Parameter(Mandatory = true, ParameterSetName = CredentialSet)]
        [Credential]
        public PSCredential Credential { get; set; } = PSCredential.Empty;

        [Parameter]
        [ValidateRange(1, 65535)]
        public int Port { get; set; } = ServiceInstallRequest.DefaultPort;

        [Parameter]
        [ValidateNotNullOrEmpty]
        public string[]? LocalAddress { get; set; }

        /// <summary>The metrics and health endpoint the service serves, as ip:port ([::1]:9812 for IPv6), or 'none'; default 127.0.0.1:9812.</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string MetricsAddress { get; set; } = MetricsAddresses.ServiceDefault;

        [Parameter]
        public ServiceStartupType StartupType { get; set; } = ServiceStartupType.Automatic;

        [Parameter]
        public SwitchParameter Force { get; set; }

        /// <summary>Linux, for tests and staging: where the unit goes instead of /etc/systemd/system (then nothing is reloaded, enabled or started).</summary>
        [Parameter(DontShow = true)]
        [ValidateNotNullOrEmpty]
        public string? UnitDirectory { get; set; }

        /// <summary>Where the host's files are copied instead of /opt/rasmfa/service (%ProgramFiles%\RasMfa\service).</summary>
        [Parameter(DontShow = true)]
        [ValidateNotNullOrEmpty]
        public string? ProgramDirectory { get; set; }

        protected override void EndProcessing()
        {
            var request = new ServiceInstallRequest
            {
                Port = Port,
                StartupType = StartupType,
                Account = ParameterSetName == CredentialSet ? Credential.UserName : ServiceAccount,
                Password = ParameterSetName == CredentialSet ? SecureStrings.ToUtf8(Credential.Password) : null,
                ModuleFolder = MyInvocation.MyCommand.Module.ModuleBase,
                Force = Force,
                UnitDirectory = UnitDirectory == null ? null : GetUnresolvedProviderPathFromPSPath(UnitDirectory),
                ProgramDirectory = ProgramDirectory == null ? null : GetUnresolvedProviderPathFromPSPath(ProgramDirectory),
            };
            foreach (var text in LocalAddress ?? new string[0])
            {
                if (!IPAddress.TryParse(text, out var address))
                    ThrowTerminatingError(Errors.Create("InvalidLocalAddress", ErrorCategory.InvalidArgument, $"'{text}' is not an IP address.", text));
                request.LocalAddresses.Add(address!);
            }
            request.MetricsAddress = MetricsEndPoint();
            RunServiceChange("ServiceInstallFailed", "installed", () =>
            {
                var installation = new RasMfaServiceControl().Install(request, this);
                if (installation == null) return;
                if (installation.Status == ServiceInstallStatus.Unchanged)
                    WriteVerbose($"The RasMfa service is already installed as asked ({installation.Definition}): nothing was changed.");
                WriteObject(installation);
            });
        }

        // 'none' (or the host's own 'off') serves no metrics; an address off this machine is allowed, and said to be so.
        private IPEndPoint? MetricsEndPoint()
        {
            var text = MetricsAddress.Trim();
            if (string.Equals(text, "none", StringComparison.OrdinalIgnoreCase) || string.Equals(text, MetricsAddresses.Off, StringComparison.OrdinalIgnoreCase)) return null;
            var address = MetricsAddresses.Parse(text, out var error);
            if (address == null) ThrowTerminatingError(Errors.Create("InvalidMetricsAddress", ErrorCategory.InvalidArgument, error + " Or 'none' for no metrics endpoint.", MetricsAddress));
            if (!IPAddress.IsLoopback(address!.Address))
                WriteWarning($"The metrics and health endpoint will answer on {MetricsAddresses.Format(address)}, beyond this machine: it needs no credential and shows " +
                    "the server's counters and health. Let only the monitoring hosts reach it (a firewall rule), or keep the default 127.0.0.1:9812.");
            return address;
        }
    }
}
