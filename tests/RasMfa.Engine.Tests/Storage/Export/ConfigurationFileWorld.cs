using System;
using System.IO;
using RasMfa.Engine.Security;
using RasMfa.Engine.Storage;
using RasMfa.Engine.Storage.Export;
using RasMfa.Engine.Tests.Storage.Copy;

namespace RasMfa.Engine.Tests.Storage.Export
{
    /// <summary>A populated store (StoreCopyWorld's), configuration files beside it, and imports into other stores, at the least KDF cost (tests only).</summary>
    public sealed class ConfigurationFileWorld : IDisposable
    {
        public const string Passphrase = "correct horse battery staple";
        internal static readonly Argon2idCost Cheap = new Argon2idCost(Argon2idCost.MinMemoryKiB, 1, 1);
        private readonly string _folder = Path.Combine(Path.GetTempPath(), "rasmfa-export-" + Guid.NewGuid().ToString("N"));

        public ConfigurationFileWorld()
        {
            Directory.CreateDirectory(_folder);
        }

        public StoreCopyWorld Stores { get; } = new StoreCopyWorld();

        public string FileOf(string name) => Path.Combine(_folder, name + ".rasmfa");

        /// <summary>Exports the store <paramref name="store"/> into the file <paramref name="file"/>.</summary>
        public ConfigurationExportSummary Export(string store, string file, bool includeAuditLog = true, bool replace = false, int segmentOctets = 64 * 1024,
            string passphrase = Passphrase)
        {
            using var opened = new SqliteStore(Stores.PathOf(store));
            return ConfigurationExport.Write(opened, FileOf(file), passphrase, includeAuditLog, replace, Cheap, segmentOctets);
        }

        /// <summary>Imports the file into the store <paramref name="store"/> (made when it does not exist).</summary>
        public ConfigurationExportSummary Import(string file, string store, bool replace = false, string passphrase = Passphrase)
        {
            using var import = ConfigurationImport.Open(FileOf(file), passphrase);
            using var opened = new SqliteStore(Stores.PathOf(store));
            return import.Run(opened, replace);
        }

        /// <summary>Makes an empty store <paramref name="name"/>.</summary>
        public void Create(string name)
        {
            using var opened = new SqliteStore(Stores.PathOf(name));
        }

        public void Dispose()
        {
            Stores.Dispose();
            try { Directory.Delete(_folder, true); } catch (IOException) { }
        }
    }
}
