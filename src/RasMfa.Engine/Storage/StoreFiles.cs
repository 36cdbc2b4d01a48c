using System.Collections.Generic;
using System.IO;
using RasMfa.Engine.Security;

namespace RasMfa.Engine.Storage
{
    /// <summary>Where the store's files lie: the folder is whatever folder holds the database, and the key material sits beside it.</summary>
    internal sealed class StoreFiles
    {
        public StoreFiles(string databasePath, string keyMaterialFileName)
        {
            Database = Path.GetFullPath(databasePath);
            Folder = Path.GetDirectoryName(Database)!;
            KeyFile = Path.Combine(Folder, keyMaterialFileName);
        }

        public string Folder { get; }

        public string Database { get; }

        /// <summary>The AES key (rasmfa.key) or the DPAPI entropy (rasmfa.entropy).</summary>
        public string KeyFile { get; }

        /// <summary>Every file of the store that may exist; SQLite's -wal, -shm and -journal come and go.</summary>
        public IEnumerable<(string Path, StoreItem Item)> Files => new[]
        {
            (Database, StoreItem.Database),
            (Database + "-wal", StoreItem.SqliteSideFile),
            (Database + "-shm", StoreItem.SqliteSideFile),
            (Database + "-journal", StoreItem.SqliteSideFile),
            (KeyFile, StoreItem.KeyFile),
        };
    }
}
