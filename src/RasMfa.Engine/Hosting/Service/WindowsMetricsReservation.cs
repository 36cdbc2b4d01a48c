using System.Collections.Generic;
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

        // An access entry of the reservation's SDDL, "(A;;GX;;;S-1-5-80-...)": its last field is the SID it grants. Read from the
        // SDDL rather than from netsh's labels, which Windows translates.
        private static readonly Regex AccessEntry = new Regex(@"\(A;[^;()]*;[^;()]*;[^;()]*;[^;()]*;(?<sid>[^;()\s]+)\)", RegexOptions.CultureInvariant);

        private static readonly Regex MetricsArgument = new Regex(@"--metrics-address\s+""?(?<address>[^\s""]+)", RegexOptions.CultureInvariant);

        /// <summary>Shows the reservation of <paramref name="url"/>, if any: whose it is, before Install or Uninstall removes it.</summary>
        public static ServiceCommand Show(string url) => new ServiceCommand("netsh.exe", "http", "show", "urlacl", "url=" + url);

        /// <summary>The SIDs the reservation <see cref="Show"/> printed grants; empty when there is none.</summary>
        public static IReadOnlyList<string> Holders(string showOutput) =>
            AccessEntry.Matches(showOutput).Cast<Match>().Select(m => m.Groups["sid"].Value).Distinct(System.StringComparer.OrdinalIgnoreCase).ToList();

        /// <summary>
        /// True when the reservation <see cref="Show"/> printed is the service's: it grants only SIDs of <paramref name="serviceSids"/>.
        /// http.sys keeps one reservation per URL, whoever made it: one that grants another account is another program's (an
        /// exporter, an admin's own), and deleting it would stop that program from listening.
        /// </summary>
        public static bool IsOnlyFor(string showOutput, IEnumerable<string> serviceSids)
        {
            var holders = Holders(showOutput);
            var ours = new HashSet<string>(serviceSids, System.StringComparer.OrdinalIgnoreCase);
            return holders.Count > 0 && holders.All(ours.Contains);
        }

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
