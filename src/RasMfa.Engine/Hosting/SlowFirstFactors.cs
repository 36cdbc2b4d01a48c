using System.Collections.Generic;
using RasMfa.Engine.Configuration;
using RasMfa.Engine.Directories;
using RasMfa.Engine.FirstFactors;

namespace RasMfa.Engine.Hosting
{
    /// <summary>
    /// The directories and upstream RADIUS servers that may take longer to answer (their timeout, with retries) than
    /// DuplicateWaitSeconds: with RAS active-active, the server that did not claim a request waits that long for the
    /// other's answer and then sends none, and a first factor that slow outlasts RAS's own wait too. The claiming server
    /// renews its claim meanwhile, so its password is still checked once; the listener warns at its start and on a change.
    /// </summary>
    public static class SlowFirstFactors
    {
        public static IReadOnlyList<string> Warnings(MfaSettings settings, IEnumerable<DirectoryDefinition> directories, IEnumerable<UpstreamRadiusServer> upstreamServers)
        {
            var warnings = new List<string>();
            int wait = settings.DuplicateWaitSeconds;
            foreach (var directory in directories)
            {
                if (directory.TimeoutSeconds > wait)
                    warnings.Add($"Directory {directory.Name} may take up to {directory.TimeoutSeconds} s to answer, more than DuplicateWaitSeconds ({wait}): " + Advice);
            }
            foreach (var server in upstreamServers)
            {
                int longest = server.TimeoutSeconds * (server.Retries + 1);
                if (longest > wait)
                    warnings.Add($"Upstream RADIUS server {server.Name} may take up to {longest} s to answer ({server.TimeoutSeconds} s, {server.Retries} retries), more than DuplicateWaitSeconds ({wait}): " + Advice);
            }
            return warnings;
        }

        private const string Advice =
            "with RAS active-active the other server stops waiting for this one's answer by then and sends none. Lower the timeout, or raise DuplicateWaitSeconds (Set-RasMfaConfiguration).";
    }
}
