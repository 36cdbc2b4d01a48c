using System;
using System.Collections.Concurrent;

namespace RasMfa.Engine.Directories
{
    /// <summary>
    /// Which servers answered "Who am I?" (RFC 4532) as an operation they do not know (Samba AD does not implement it), kept
    /// per directory settings version for an hour: so such a server costs a login no failing round trip before the account
    /// is looked up by the name it was bound with (<see cref="BoundEntryByName"/>), and one that learns it is asked again.
    /// </summary>
    internal static class WhoAmISupport
    {
        private static readonly TimeSpan AskAgainAfter = TimeSpan.FromHours(1);
        private static readonly ConcurrentDictionary<string, DateTime> Unsupported = new ConcurrentDictionary<string, DateTime>(StringComparer.OrdinalIgnoreCase);

        public static bool IsKnownUnsupported(DirectoryDefinition directory, string server) =>
            Unsupported.TryGetValue(Key(directory, server), out var since) && DateTime.UtcNow - since < AskAgainAfter;

        public static void RememberUnsupported(DirectoryDefinition directory, string server) => Unsupported[Key(directory, server)] = DateTime.UtcNow;

        private static string Key(DirectoryDefinition directory, string server) => $"{directory.Name}|{directory.ModifiedUtc.Ticks}|{server}";
    }
}
