using System;
using System.Collections.Generic;
using System.Data.Common;
using System.IO;
using System.Text.Json;
using RasMfa.Engine.Administration;
using RasMfa.Engine.Security;
using RasMfa.Engine.Storage.Copy;

namespace RasMfa.Engine.Storage.Export
{
    /// <summary>
    /// Writes a store's configuration into a configuration file: the header in clear, then the body (JSON lines, sealed in
    /// segments): what it holds, then per table its columns and its rows, secrets unsealed with the store's key, then an
    /// end line with the row count. Read in one snapshot, so a listener writing meanwhile never splits a user from a token.
    /// </summary>
    internal static class ConfigurationExporter
    {
        private static readonly byte[] LineEnd = { (byte)'\n' };

        /// <summary>Rows per table the file would carry.</summary>
        public static IReadOnlyList<StoreCopyTableCount> Count(StoreDatabase source, bool includeAuditLog)
        {
            using var connection = source.Open();
            using var snapshot = source.Dialect.BeginSnapshot(connection);
            return StoreCopyTarget.Count(connection, snapshot, ConfigurationExportTables.Exported(includeAuditLog), skipSingletons: false);
        }

        public static IReadOnlyList<StoreCopyTableCount> Write(StoreDatabase source, Stream output, string passphrase, bool includeAuditLog,
            Argon2idCost cost, int segmentOctets, DateTime nowUtc)
        {
            using var connection = source.Open();
            using var snapshot = source.Dialect.BeginSnapshot(connection);
            var unreadable = StoreCopier.Unreadable(source, connection, snapshot);
            if (unreadable.Count > 0)
                throw new EngineException(EngineErrorKind.Unreadable, ConfigurationFileErrors.SecretsUnreadableId,
                    $"This store's key cannot open the secret of {unreadable.Count} record(s): {string.Join(", ", unreadable)}. Nothing was exported. " +
                    "Open the store with the key it was sealed with, or set these secrets again (or remove the records), then export.");
            var tables = ConfigurationExportTables.Exported(includeAuditLog);
            var (key, header) = ConfigurationFileKey.ForNewFile(passphrase, cost, segmentOctets);
            using (key)
            {
                var headerOctets = header.Write();
                output.Write(headerOctets, 0, headerOctets.Length);
                output.Write(LineEnd, 0, 1);
                using var body = new SegmentSealingStream(output, header, key.Encryption);
                using var json = new Utf8JsonWriter(body);
                void EndLine()
                {
                    json.Flush();
                    body.Write(LineEnd, 0, 1);
                    json.Reset();
                }

                json.WriteStartObject();
                json.WriteString("kind", "contents");
                json.WriteString("dialect", DialectName(source.Dialect));
                json.WriteNumber("schemaVersion", source.Dialect.SchemaVersion(connection));
                json.WriteString("exportedUtc", StoreDatabase.Time(nowUtc));
                json.WriteStartArray("tables");
                foreach (var table in tables) json.WriteStringValue(table);
                json.WriteEndArray();
                json.WriteEndObject();
                EndLine();

                var counts = new List<StoreCopyTableCount>();
                long total = 0;
                foreach (var table in tables)
                {
                    long rows = WriteTable(source, connection, snapshot, table, json, EndLine);
                    counts.Add(new StoreCopyTableCount(table, rows));
                    total += rows;
                }
                json.WriteStartObject();
                json.WriteString("kind", "end");
                json.WriteNumber("rows", total);
                json.WriteEndObject();
                EndLine();
                body.Complete();
                return counts;
            }
        }

        /// <summary>Which database's schema versions the file's schemaVersion counts ("Sqlite", "PostgreSql"): each numbers its own steps.</summary>
        public static string DialectName(StoreDialect dialect)
        {
            var name = dialect.GetType().Name;
            return name.EndsWith("Dialect", StringComparison.Ordinal) ? name.Substring(0, name.Length - "Dialect".Length) : name;
        }

        private static long WriteTable(StoreDatabase source, DbConnection connection, DbTransaction snapshot, string table, Utf8JsonWriter json, Action endLine)
        {
            using var select = StoreDatabase.Command(connection, snapshot, $"SELECT * FROM {table} ORDER BY 1");
            using var reader = select.ExecuteReader();
            var names = TableCopy.ColumnNames(reader);
            json.WriteStartObject();
            json.WriteString("kind", "table");
            json.WriteString("name", table);
            json.WriteStartArray("columns");
            foreach (var name in names) json.WriteStringValue(name);
            json.WriteEndArray();
            json.WriteEndObject();
            endLine();

            int sealedAt = Array.FindIndex(names, n => string.Equals(n, SealedSecretColumns.SealedColumnOf(table), StringComparison.OrdinalIgnoreCase));
            var values = new object[names.Length];
            long rows = 0;
            while (reader.Read())
            {
                reader.GetValues(values);
                json.WriteStartArray();
                for (int i = 0; i < values.Length; i++)
                {
                    if (i == sealedAt && values[i] is byte[] sealedSecret)
                    {
                        var plaintext = source.Unprotect(sealedSecret, $"{SealedSecretColumns.OwnerOf(table).Noun} in {table}");
                        ExportedValues.Write(json, plaintext, secret: true);
                        Array.Clear(plaintext, 0, plaintext.Length);
                    }
                    else ExportedValues.Write(json, values[i], secret: false);
                }
                json.WriteEndArray();
                endLine();
                rows++;
            }
            return rows;
        }
    }
}
