using System.Linq;
using System.Net;
using System.Text.RegularExpressions;
using RasMfa.Engine.Hosting.Metrics;

namespace RasMfa.Engine.Hosting.Service
{
    /// <summary>
    /// The URL reservation the Windows service needs for its metrics endpoint: HttpListener (http.sys) lets a process that is
    /// not an administrator, such as the service's virtual account, listen only on a prefix reserved for it, so without this
    /// the service could not serve its metrics address and would not start. Granted by SID (listen right, GX) so that no account
    /// name is quoted or localised. Windows only; built and unit-tested here, not run.
    /// </summary>
    public static class WindowsMetricsReservation
    {
        /// <summary>The default address's URL, reserved by every install before the address could be chosen.</summary>
        public const string Url = "http://" + MetricsAddress.ServiceDefault + "/";

        private static readonly Regex MetricsArgument = new Regex(@"--metrics-address\s+""?(?<address>[^\s""]+)", RegexOptions.CultureInvariant);

        /// <summary>Removes the reservation of <paramref name="url"/> (it fails when there is none, which callers ignore): add refuses one that exists.</summary>
        public static ServiceCommand Remove(string url) => new ServiceCommand("netsh.exe", "http", "delete", "urlacl", "url=" + url);

        /// <summary>Reserves <paramref name="url"/> for the account whose SID is <paramref name="sid"/>.</summary>
        public static ServiceCommand Reserve(string url, string sid) => new ServiceCommand("netsh.exe", "http", "add", "urlacl", "url=" + url, $"sddl=D:(A;;GX;;;{sid})");

        /// <summary>
        /// The metrics URL of the service `sc.exe qc` described (its binary path's --metrics-address, else the default's);
        /// null when it serves none: the reservation to remove when the service is replaced or removed.
        /// </summary>
        public static string? InstalledUrl(string queryOutput)
        {
            var binaryPath = queryOutput.Split('\n').Select(l => l.Trim()).FirstOrDefault(l => l.StartsWith("BINARY_PATH_NAME", System.StringComparison.Ordinal)) ?? "";
            var match = MetricsArgument.Match(binaryPath);
            if (!match.Success) return Url;
            var text = match.Groups["address"].Value;
            if (string.Equals(text, MetricsAddress.Off, System.StringComparison.OrdinalIgnoreCase)) return null;
            var address = MetricsAddress.Parse(text, out _);
            return address == null ? null : MetricsAddress.UrlPrefix(address);
        }
    }
}
