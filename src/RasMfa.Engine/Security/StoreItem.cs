namespace RasMfa.Engine.Security
{
    /// <summary>What a path is to the store; the key file is held to a stricter rule than the rest on Linux.</summary>
    internal enum StoreItem
    {
        /// <summary>The folder that holds the database and its key material.</summary>
        Folder,

        /// <summary>The database.</summary>
        Database,

        /// <summary>
        /// SQLite's -wal, -shm or -journal beside the database. SQLite creates them with whoever opened the database
        /// as owner (an admin's session, then the service), so their owner is not judged, only who else may use them:
        /// only accounts allowed to write in the folder, which the folder's check limits to trusted ones, can create them.
        /// </summary>
        SqliteSideFile,

        /// <summary>The AES key (Linux) or the DPAPI entropy (Windows).</summary>
        KeyFile,

        /// <summary>A shared store's key as this server keeps it (LocalStoreKeys): held to the key file's rule on every system.</summary>
        SharedStoreKey,

        /// <summary>
        /// The machine-wide store setting (store.json): which store every session and the service open, and the
        /// store's sealed password. Whoever could change it could point the listener at a store of their own, so it is
        /// held as the key file is: on Linux, no one else may even read it.
        /// </summary>
        StoreSetting,
    }
}
