using System.Collections.Generic;
using System.Net;

namespace RasMfa.Engine.Hosting.Service
{
    /// <summary>What Install-RasMfaService was asked for; the platform's installer turns it into a unit or an SCM definition.</summary>
    public sealed class ServiceInstallRequest
    {
        public const int DefaultPort = 1812;

        public int Port { get; set; } = DefaultPort;

        /// <summary>Empty: every address, as Start-RasMfaRadiusServer does.</summary>
        public IList<IPAddress> LocalAddresses { get; } = new List<IPAddress>();

        /// <summary>The metrics and health endpoint the service serves (default 127.0.0.1:9812); null for none.</summary>
        public IPEndPoint? MetricsAddress { get; set; } = Metrics.MetricsAddress.ServiceDefaultEndPoint;

        public ServiceStartupType StartupType { get; set; } = ServiceStartupType.Automatic;

        /// <summary>The account the service runs as; null for the default (Linux: the system user rasmfa; Windows: NT SERVICE\RasMfa).</summary>
        public string? Account { get; set; }

        /// <summary>Windows only, with <see cref="Account"/>: the account's password (UTF-8), for an account that is neither virtual nor managed.</summary>
        public byte[]? Password { get; set; }

        /// <summary>The module's folder, which holds the published host in service/net8.0 and service/net472.</summary>
        public string ModuleFolder { get; set; } = "";

        /// <summary>Replaces a different definition already installed (without it, that is refused: ServiceDefinitionDiffers).</summary>
        public bool Force { get; set; }

        /// <summary>Linux: where the unit is written (default /etc/systemd/system). Another folder is not systemd's: nothing is reloaded, enabled or started.</summary>
        public string? UnitDirectory { get; set; }

        /// <summary>Where the host's files are copied, one folder per build (default /opt/rasmfa/service; %ProgramFiles%\RasMfa\service).</summary>
        public string? ProgramDirectory { get; set; }
    }
}
