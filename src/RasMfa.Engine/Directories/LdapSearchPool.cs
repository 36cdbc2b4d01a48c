using System;
using System.Collections.Concurrent;
using System.DirectoryServices.Protocols;

namespace RasMfa.Engine.Directories
{
    /// <summary>
    /// Connections bound as the service account, kept per directory server for searches, so a login does not pay
    /// for a TLS handshake and a bind to find a user. A connection that fails is dropped, never returned; when the
    /// directory had closed it while idle, the work is done again on a fresh one (<see cref="LdapRetryPolicy"/>).
    /// </summary>
    internal sealed class LdapSearchPool
    {
        private const int MaxIdlePerServer = 4;
        private readonly ConcurrentDictionary<string, ConcurrentBag<LdapConnection>> _idle = new ConcurrentDictionary<string, ConcurrentBag<LdapConnection>>(StringComparer.OrdinalIgnoreCase);

        public static LdapSearchPool Shared { get; } = new LdapSearchPool();

        public T Use<T>(DirectoryDefinition directory, string server, Func<LdapConnection, T> work)
        {
            // The settings' version is in the key: a connection made before a change (of trust, account, servers) is never reused.
            var version = $"{directory.Name}|{directory.ModifiedUtc.Ticks}|";
            var key = $"{version}{server}|{directory.EffectivePort}|{directory.Security}|{directory.BindUserName}";
            if (!_idle.TryGetValue(key, out var bag))
            {
                ClearOtherVersions(directory.Name, version);
                bag = _idle.GetOrAdd(key, _ => new ConcurrentBag<LdapConnection>());
            }
            for (int attempts = 1; ; attempts++)
            {
                bool pooled = bag.TryTake(out var idleConnection);
                var connection = pooled ? idleConnection! : OpenBound(directory, server);
                T result;
                try
                {
                    result = work(connection);
                }
                catch (Exception error)
                {
                    connection.Dispose();
                    if (!LdapRetryPolicy.ShouldRetry(error, pooled, attempts)) throw;
                    // The others idled as long, and the directory has most likely closed them too.
                    while (bag.TryTake(out var idle)) idle.Dispose();
                    continue;
                }
                if (bag.Count < MaxIdlePerServer) bag.Add(connection);
                else connection.Dispose();
                return result;
            }
        }

        private static LdapConnection OpenBound(DirectoryDefinition directory, string server)
        {
            var connection = LdapConnections.Open(directory, server);
            try
            {
                LdapConnections.BindServiceAccount(connection, directory);
                return connection;
            }
            catch
            {
                connection.Dispose();
                throw;
            }
        }

        /// <summary>Closes a directory's idle connections made with settings other than <paramref name="currentVersion"/>.</summary>
        private void ClearOtherVersions(string directoryName, string currentVersion)
        {
            foreach (var pair in _idle)
            {
                if (!pair.Key.StartsWith(directoryName + "|", StringComparison.OrdinalIgnoreCase) || pair.Key.StartsWith(currentVersion, StringComparison.OrdinalIgnoreCase)) continue;
                if (!_idle.TryRemove(pair.Key, out var stale)) continue;
                while (stale.TryTake(out var connection)) connection.Dispose();
            }
        }
    }
}
