namespace RasMfa.Engine.Security
{
    /// <summary>What a path is to the store; the key file is held to a stricter rule than the rest on Linux.</summary>
    internal enum StoreItem
    {
        /// <summary>The folder that holds the database and its key material.</summary>
        Folder,

        /// <summary>The database or one of SQLite's -wal, -shm and -journal files beside it.</summary>
        Database,

        /// <summary>The AES key (Linux) or the DPAPI entropy (Windows).</summary>
        KeyFile,
    }
}
