using System;
using System.Collections.Generic;
using RasMfa.Engine.Administration;
using RasMfa.Engine.Security;
using RasMfa.Engine.Storage.Copy;

namespace RasMfa.Engine.Storage.Export
{
    /// <summary>
    /// Export-RasMfaConfiguration's engine: everything a server needs (clients, directories, upstream servers, settings,
    /// users, tokens with their used steps, counters and lock state; the audit log when asked) into one file whose body is
    /// sealed with a key derived from the admin's passphrase (docs/configuration-file.md). Secrets are unsealed from the
    /// store only to be sealed again in the file: never in clear on disk.
    /// </summary>
    public static class ConfigurationExport
    {
        /// <summary>Rows per table the file would carry (for -WhatIf and the confirmation).</summary>
        public static IReadOnlyList<StoreCopyTableCount> Count(IRasMfaStore store, bool includeAuditLog) =>
            ConfigurationExporter.Count(DatabaseOf(store), includeAuditLog);

        /// <summary>Writes the file; ConfigurationFileExists when it exists and <paramref name="replace"/> is false.</summary>
        public static ConfigurationExportSummary Write(IRasMfaStore store, string path, string passphrase, bool includeAuditLog, bool replace) =>
            Write(store, path, passphrase, includeAuditLog, replace, Argon2idCost.Default, ConfigurationFileHeader.DefaultSegmentOctets);

        internal static ConfigurationExportSummary Write(IRasMfaStore store, string path, string passphrase, bool includeAuditLog, bool replace,
            Argon2idCost cost, int segmentOctets)
        {
            CheckPassphrase(passphrase);
            var database = DatabaseOf(store);
            IReadOnlyList<StoreCopyTableCount> tables = Array.Empty<StoreCopyTableCount>();
            var full = System.IO.Path.GetFullPath(path);
            ExportFiles.Write(full, replace, stream =>
                tables = ConfigurationExporter.Write(database, stream, passphrase, includeAuditLog, cost, segmentOctets, DateTime.UtcNow));
            return new ConfigurationExportSummary(full, tables, cost.ToString());
        }

        internal static StoreDatabase DatabaseOf(IRasMfaStore store) => store is SqlStore sql ? sql.Database
            : throw new EngineException(EngineErrorKind.InvalidArgument, "ConfigurationStoreUnsupported", $"{store.Location} is not a store a configuration can be exported from or imported into.");

        private static void CheckPassphrase(string passphrase)
        {
            if (passphrase == null) throw new ArgumentNullException(nameof(passphrase));
            int length = StoreKeyEscrow.CodePoints(passphrase);
            if (length < StoreKeyEscrow.MinPassphraseLength)
                throw new EngineException(EngineErrorKind.InvalidArgument, ConfigurationFileErrors.PassphraseTooShortId,
                    $"The passphrase has {length} characters; it needs at least {StoreKeyEscrow.MinPassphraseLength}. Anyone who gets a copy of the file can try " +
                    "passphrases against it without limit, so choose a long one (several unrelated words) and keep it apart from the file.");
        }
    }
}
