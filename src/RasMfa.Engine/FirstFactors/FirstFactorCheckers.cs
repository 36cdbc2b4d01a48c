using System;
using System.Collections.Generic;
using System.Linq;
using RasMfa.Engine.Clients;

namespace RasMfa.Engine.FirstFactors
{
    /// <summary>Builds a client's first-factor check from the configuration the listener has loaded.</summary>
    public static class FirstFactorCheckers
    {
        public static Func<RadiusClientDefinition, IFirstFactorChecker?> From(Func<IReadOnlyDictionary<string, UpstreamRadiusServer>> upstreamServers,
            Func<IReadOnlyDictionary<string, Directories.DirectoryDefinition>> directories) => client =>
        {
            switch (client.FirstFactor)
            {
                case FirstFactor.UpstreamRadius:
                    var known = upstreamServers();
                    var servers = client.UpstreamServers.Where(known.ContainsKey).Select(name => known[name]).ToList();
                    return servers.Count == 0 ? null : new UpstreamRadiusChecker(servers);
                case FirstFactor.Directory:
                    return client.Directory != null && directories().TryGetValue(client.Directory, out var directory) ? new Directories.DirectoryChecker(directory) : null;
                default:
                    return null;
            }
        };
    }
}
