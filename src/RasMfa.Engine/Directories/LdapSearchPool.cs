using System;
using System.Collections.Concurrent;
using System.DirectoryServices.Protocols;

namespace RasMfa.Engine.Directories
{
    /// <summary>
    /// Connections bound as the service account, kept per directory server for searches, so a login does not pay
    /// for a TLS handshake and a bind to find a user. A connection that fails is dropped, never returned.
    /// </summary>
    internal sealed class LdapSearchPool
    {
        private const int MaxIdlePerServer = 4;
        private readonly ConcurrentDictionary<string, ConcurrentBag<LdapConnection>> _idle = new ConcurrentDictionary<string, ConcurrentBag<LdapConnection>>(StringComparer.OrdinalIgnoreCase);

        public static LdapSearchPool Shared { get; } = new LdapSearchPool();

        public T Use<T>(DirectoryDefinition directory, string server, Func<LdapConnection, T> work)
        {
            var key = $"{directory.Name}|{server}|{directory.EffectivePort}|{directory.Security}|{directory.BindUserName}";
            var bag = _idle.GetOrAdd(key, _ => new ConcurrentBag<LdapConnection>());
            if (!bag.TryTake(out var connection))
            {
                connection = LdapConnections.Open(directory, server);
                try
                {
                    if (directory.BindUserName != null) LdapConnections.Bind(connection, directory.BindUserName, directory.BindPassword ?? new byte[0]);
                }
                catch
                {
                    connection.Dispose();
                    throw;
                }
            }
            T result;
            try
            {
                result = work(connection);
            }
            catch
            {
                connection.Dispose();
                throw;
            }
            if (bag.Count < MaxIdlePerServer) bag.Add(connection);
            else connection.Dispose();
            return result;
        }

        /// <summary>Forgets a directory's connections after its settings change.</summary>
        public void Clear(string directoryName)
        {
            foreach (var pair in _idle)
            {
                if (!pair.Key.StartsWith(directoryName + "|", StringComparison.OrdinalIgnoreCase)) continue;
                while (pair.Value.TryTake(out var connection)) connection.Dispose();
            }
        }
    }
}
