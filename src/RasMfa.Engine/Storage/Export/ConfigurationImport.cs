using System;
using System.Collections.Generic;
using System.Data.Common;
using System.IO;
using RasMfa.Engine.Administration;
using RasMfa.Engine.Radius;
using RasMfa.Engine.Storage.Copy;

namespace RasMfa.Engine.Storage.Export
{
    /// <summary>
    /// Import-RasMfaConfiguration's engine. <see cref="Open"/> reads the file's header (bounded before any work), derives
    /// its key from the passphrase (ConfigurationPassphraseWrong at once when it is not the file's), and reads the whole body
    /// once, opening every segment and checking its structure, without writing anything; <see cref="Run"/> reads it again
    /// into the store in one transaction, secrets sealed with the store's own key. A file damaged, cut short or altered is
    /// refused (ConfigurationFileDamaged) with nothing written.
    /// </summary>
    public sealed class ConfigurationImport : IDisposable
    {
        private readonly string _path;
        private readonly ConfigurationFileHeader _header;
        private readonly ConfigurationFileKey _key;

        private ConfigurationImport(string path, ConfigurationFileHeader header, ConfigurationFileKey key, ConfigurationFileBody checkedBody)
        {
            _path = path;
            _header = header;
            _key = key;
            Tables = checkedBody.Tables;
            ExportedUtc = checkedBody.ExportedUtc;
            SchemaVersion = checkedBody.SchemaVersion;
        }

        public string Path => _path;

        /// <summary>Rows per table the file holds.</summary>
        public IReadOnlyList<StoreCopyTableCount> Tables { get; }

        public DateTime ExportedUtc { get; }

        public long SchemaVersion { get; }

        public static ConfigurationImport Open(string path, string passphrase)
        {
            if (passphrase == null) throw new ArgumentNullException(nameof(passphrase));
            var full = System.IO.Path.GetFullPath(path);
            using var input = OpenFile(full);
            var header = SegmentOpeningStream.ReadHeader(input);
            var key = ConfigurationFileKey.ForFile(passphrase, header);
            try
            {
                using var body = new SegmentOpeningStream(input, header, key.Encryption);
                var checkedBody = ConfigurationFileBody.Read(body, null, "", long.MaxValue);
                return new ConfigurationImport(full, header, key, checkedBody);
            }
            catch
            {
                key.Dispose();
                throw;
            }
        }

        /// <summary>The tables in which <paramref name="store"/> holds data; empty for a store fit to import into.</summary>
        public static IReadOnlyList<StoreCopyTableCount> HeldBy(IRasMfaStore store)
        {
            var database = ConfigurationExport.DatabaseOf(store);
            using var connection = database.Open();
            return StoreCopyTarget.Count(connection, null, StoreCopyTables.Copied, skipSingletons: true, onlyHeld: true);
        }

        /// <param name="replace">Remove what the store holds first, in the import's transaction; else a store holding data is refused (ConfigurationStoreNotEmpty).</param>
        public ConfigurationExportSummary Run(IRasMfaStore store, bool replace)
        {
            var database = ConfigurationExport.DatabaseOf(store);
            try
            {
                using var connection = database.Open();
                using var transaction = connection.BeginTransaction();
                // Every secret is sealed with the store's key: a rotation of that key (which commits under this lock) waits for the import.
                database.Dialect.BeginAdministrativeWrite(connection, transaction);
                var target = new StoreCopyTarget(database, connection, transaction);
                var held = target.HeldData();
                if (held.Count > 0 && !replace)
                    throw new EngineException(EngineErrorKind.Conflict, ConfigurationFileErrors.StoreNotEmptyId,
                        $"The store {database.Location} already holds data ({string.Join(", ", held)}), and a configuration is imported only into an empty store. " +
                        "Nothing was imported. Point RASMFA_DATABASE (or Set-RasMfaStore) at a new store, or replace everything this one holds (-Force).", target: database.Location);
                target.Clear();
                using (var input = OpenFile(_path))
                {
                    // The file is read again: it must be the one checked, down to its header.
                    var header = SegmentOpeningStream.ReadHeader(input);
                    if (!ConstantTime.AreEqual(header.Octets, _header.Octets)) throw ConfigurationFileErrors.Damaged("it changed since it was checked");
                    using var body = new SegmentOpeningStream(input, header, _key.Encryption);
                    ConfigurationFileBody.Read(body, target, ConfigurationExporter.DialectName(database.Dialect), database.Dialect.LatestSchemaVersion);
                }
                target.Finish();
                transaction.Commit();
                return new ConfigurationExportSummary(_path, Tables, _header.Cost.ToString());
            }
            catch (DbException e)
            {
                throw new StoreException(StoreErrorKind.Unavailable, "ConfigurationImportFailed",
                    $"The import of {_path} into {database.Location} failed, and nothing was written: {e.Message}", e);
            }
        }

        public void Dispose() => _key.Dispose();

        private static FileStream OpenFile(string path)
        {
            try
            {
                return new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 64 * 1024);
            }
            catch (Exception e) when (e is IOException || e is UnauthorizedAccessException)
            {
                throw new EngineException(EngineErrorKind.Unavailable, ConfigurationFileErrors.FileUnreadableId, $"{path} cannot be read: {e.Message}", e, path);
            }
        }
    }
}
