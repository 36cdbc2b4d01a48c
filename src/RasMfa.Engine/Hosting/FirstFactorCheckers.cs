using System;
using System.Collections.Generic;
using System.Linq;
using RasMfa.Engine.Clients;
using RasMfa.Engine.Directories;
using RasMfa.Engine.FirstFactors;

namespace RasMfa.Engine.Hosting
{
    /// <summary>
    /// Builds a client's first-factor check from the configuration the listener has loaded. It lives with the server
    /// because it chooses among implementations (upstream RADIUS, a directory bind): FirstFactors need not know Directories.
    /// </summary>
    public static class FirstFactorCheckers
    {
        public static Func<RadiusClientDefinition, IFirstFactorChecker?> From(Func<IReadOnlyDictionary<string, UpstreamRadiusServer>> upstreamServers,
            Func<IReadOnlyDictionary<string, DirectoryDefinition>> directories, UpstreamReplyLog? upstreamReplyLog = null) => client =>
        {
            switch (client.FirstFactor)
            {
                case FirstFactor.UpstreamRadius:
                    var known = upstreamServers();
                    var servers = client.UpstreamServers.Where(known.ContainsKey).Select(name => known[name]).ToList();
                    return servers.Count == 0 ? null : new UpstreamRadiusChecker(servers, upstreamReplyLog);
                case FirstFactor.Directory:
                    return client.Directory != null && directories().TryGetValue(client.Directory, out var directory) ? new DirectoryChecker(directory) : null;
                default:
                    return null;
            }
        };
    }
}
