#if NET
using System.Diagnostics;
using System.Net;
using System.Text.RegularExpressions;
using System.Threading.Tasks;

namespace RasMfa.Engine.Tests.Push
{
    /// <summary>FreeRADIUS's radclient, as the Pester tests run it: one request's attributes (comma-separated) on standard input, what it printed back.</summary>
    internal static class RadClient
    {
        public static async Task<string> SendAsync(IPEndPoint server, string secret, string attributes, int retries, int timeoutSeconds)
        {
            var start = new ProcessStartInfo("radclient", $"-x -r {retries} -t {timeoutSeconds} {server.Address}:{server.Port} auth {secret}")
            {
                RedirectStandardInput = true,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            using var process = Process.Start(start)!;
            await process.StandardInput.WriteAsync(attributes);
            process.StandardInput.Close();
            var output = process.StandardOutput.ReadToEndAsync();
            var errors = process.StandardError.ReadToEndAsync();
            await process.WaitForExitAsync();
            return await output + await errors;
        }

        /// <summary>The answer's code ("Access-Accept"), or null when none came.</summary>
        public static string? Answer(string output) => Regex.Match(output, @"Received (Access-\w+)") is { Success: true } m ? m.Groups[1].Value : null;

        public static string? Attribute(string output, string name) => Regex.Match(output, @"^\s*" + name + @" = (.*)$", RegexOptions.Multiline) is { Success: true } m ? m.Groups[1].Value.Trim().Trim('"') : null;

        /// <summary>How many times radclient sent the request (its first send and its retransmissions).</summary>
        public static int Sends(string output) => Regex.Matches(output, @"^Sent Access-Request", RegexOptions.Multiline).Count;
    }
}
#endif
