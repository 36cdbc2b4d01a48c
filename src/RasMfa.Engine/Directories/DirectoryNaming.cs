using System;
using System.Collections.Concurrent;
using System.DirectoryServices.Protocols;

namespace RasMfa.Engine.Directories
{
    /// <summary>
    /// What a directory's names are that no login changes, read once and kept (per directory settings version): the
    /// default naming context of a server, and the NetBIOS name of a domain (its crossRef's nETBIOSName under
    /// CN=Partitions in the configuration naming context). So naming an account costs a login no extra round trip after
    /// the first. A name the directory declined to give is kept as unknown for a while, not asked for on every login.
    /// </summary>
    internal static class DirectoryNaming
    {
        private static readonly TimeSpan RetryUnknownAfter = TimeSpan.FromMinutes(10);
        private static readonly ConcurrentDictionary<string, (string? Value, DateTime ReadUtc)> Known = new ConcurrentDictionary<string, (string?, DateTime)>(StringComparer.OrdinalIgnoreCase);

        public static string? DefaultNamingContext(DirectoryDefinition directory, string server, LdapConnection connection) =>
            Remember($"{Version(directory)}|nc|{server}", () => DirectoryChecker.DefaultNamingContext(connection));

        /// <summary>The NetBIOS name of the domain whose DN is <paramref name="domainDn"/>; null when the directory does not say.</summary>
        public static string? NetBiosName(DirectoryDefinition directory, LdapConnection connection, string domainDn) =>
            directory.Type != DirectoryType.ActiveDirectory ? null : Remember($"{Version(directory)}|netbios|{domainDn}", () => ReadNetBiosName(connection, domainDn));

        private static string? ReadNetBiosName(LdapConnection connection, string domainDn)
        {
            var root = (SearchResponse)connection.SendRequest(new SearchRequest("", "(objectClass=*)", SearchScope.Base, "configurationNamingContext"));
            var configuration = root.Entries.Count == 1 ? DirectoryAccount.Text(root.Entries[0], "configurationNamingContext") : null;
            if (configuration == null) return null;
            var filter = $"(&(objectClass=crossRef)(nCName={LdapFilter.Escape(domainDn)}))";
            var response = (SearchResponse)connection.SendRequest(new SearchRequest("CN=Partitions," + configuration, filter, SearchScope.OneLevel, "nETBIOSName") { SizeLimit = 2 });
            return response.Entries.Count == 1 ? DirectoryAccount.Text(response.Entries[0], "nETBIOSName") : null;
        }

        private static string? Remember(string key, Func<string?> read)
        {
            var now = DateTime.UtcNow;
            if (Known.TryGetValue(key, out var known) && (known.Value != null || now - known.ReadUtc < RetryUnknownAfter)) return known.Value;
            string? value;
            try
            {
                value = read();
            }
            catch (Exception e) when (e is DirectoryOperationException || e is InvalidOperationException)
            {
                // The directory answered, and not with the name (no right to read it, no such entry): ask again later.
                value = null;
            }
            catch (LdapException)
            {
                // The connection failed, not the directory's answer: nothing learnt, nothing kept.
                return null;
            }
            Known[key] = (value, now);
            return value;
        }

        private static string Version(DirectoryDefinition directory) => $"{directory.Name}|{directory.ModifiedUtc.Ticks}";
    }
}
