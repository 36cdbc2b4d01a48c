using System.Collections.Generic;
using RasMfa.Engine.Storage.Copy;

namespace RasMfa.Engine.Storage.Export
{
    /// <summary>What Export-RasMfaConfiguration wrote, or Import-RasMfaConfiguration read.</summary>
    public sealed class ConfigurationExportSummary
    {
        public ConfigurationExportSummary(string path, IReadOnlyList<StoreCopyTableCount> tables, string keyDerivation)
        {
            Path = path;
            Tables = tables;
            KeyDerivation = keyDerivation;
            long rows = 0;
            foreach (var table in tables) rows += table.Rows;
            Rows = rows;
        }

        public string Path { get; }

        /// <summary>Rows per table, in the file's order.</summary>
        public IReadOnlyList<StoreCopyTableCount> Tables { get; }

        public long Rows { get; }

        /// <summary>How the file's key is derived from the passphrase ("Argon2id, 64 MiB, 3 passes, 2 lanes").</summary>
        public string KeyDerivation { get; }
    }
}
