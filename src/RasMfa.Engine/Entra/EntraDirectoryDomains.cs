using System;
using System.Collections.Generic;
using System.Linq;
using System.Net;
using RasMfa.Engine.Directories;

namespace RasMfa.Engine.Entra
{
    /// <summary>
    /// The DNS domains a directory's users are in, which an Entra user's onPremisesDomainName must be one of for the two to be
    /// one person: from the DC= parts of the directory's base DN and of its imported scopes' DNs; failing those, from its
    /// server names (dc1.corp.contoso.com: corp.contoso.com, or the name itself). None known (servers by address, no DN):
    /// no Entra user is that directory's user, which Set-RasMfaDirectory -BaseDN mends.
    /// </summary>
    public static class EntraDirectoryDomains
    {
        public static IReadOnlyCollection<string> Of(DirectoryDefinition directory)
        {
            var domains = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
            var names = new[] { directory.BaseDN }.Concat(directory.SyncScopes.SelectMany(s => new[] { s.SearchBase, s.Group }));
            foreach (var dn in names)
                if (!string.IsNullOrWhiteSpace(dn) && AccountNames.DnsDomainOf(dn!) is string domain) domains.Add(domain);
            if (domains.Count > 0) return domains;
            foreach (var server in directory.Servers.Select(s => s.Trim().TrimEnd('.')))
            {
                if (server.IndexOf('.') <= 0 || IPAddress.TryParse(server, out _)) continue;
                domains.Add(server);
                var parent = server.Substring(server.IndexOf('.') + 1);
                if (parent.IndexOf('.') > 0) domains.Add(parent);
            }
            return domains;
        }
    }
}
