using System.Collections.Generic;
using System.IO;
using RasMfa.Engine.Security;

namespace RasMfa.Engine.Storage
{
    /// <summary>
    /// Where the files of a private folder lie: the store's (the database, SQLite's side files, the key material
    /// beside them) or the machine-wide store setting's (store.json and the key material its password is sealed with).
    /// The folder is whatever folder holds the main file.
    /// </summary>
    internal sealed class StoreFiles
    {
        private readonly StoreItem _mainItem;

        public StoreFiles(string databasePath, string keyMaterialFileName)
            : this(databasePath, keyMaterialFileName, StoreItem.Database, "The RasMfa store",
                $"set {StorePaths.DatabaseVariable} to a path in a folder of its own")
        {
        }

        private StoreFiles(string mainPath, string keyMaterialFileName, StoreItem mainItem, string subject, string relocationAdvice)
        {
            Database = Path.GetFullPath(mainPath);
            Folder = Path.GetDirectoryName(Database)!;
            KeyFile = Path.Combine(Folder, keyMaterialFileName);
            _mainItem = mainItem;
            Subject = subject;
            RelocationAdvice = relocationAdvice;
        }

        /// <summary>The machine-wide store setting and its key material, in the setting folder.</summary>
        public static StoreFiles ForStoreSetting(string settingFile, string keyMaterialFileName) =>
            new StoreFiles(settingFile, keyMaterialFileName, StoreItem.StoreSetting, "RasMfa's machine-wide store setting",
                $"set {StoreSettingFile.FolderVariable} to a folder of its own");

        public string Folder { get; }

        /// <summary>The database; for the store setting, store.json.</summary>
        public string Database { get; }

        /// <summary>The AES key (rasmfa.key) or the DPAPI entropy (rasmfa.entropy).</summary>
        public string KeyFile { get; }

        /// <summary>What the folder holds, as messages name it ("The RasMfa store").</summary>
        public string Subject { get; }

        /// <summary>How to put it elsewhere when its folder cannot be made private, as the end of a sentence.</summary>
        public string RelocationAdvice { get; }

        /// <summary>Every file that may exist; SQLite's -wal, -shm and -journal come and go.</summary>
        public IEnumerable<(string Path, StoreItem Item)> Files => _mainItem == StoreItem.Database
            ? new[]
            {
                (Database, StoreItem.Database),
                (Database + "-wal", StoreItem.SqliteSideFile),
                (Database + "-shm", StoreItem.SqliteSideFile),
                (Database + "-journal", StoreItem.SqliteSideFile),
                (KeyFile, StoreItem.KeyFile),
            }
            : new[] { (Database, _mainItem), (KeyFile, StoreItem.KeyFile) };
    }
}
