using System;
using System.Collections.Generic;
using System.IO;
using System.Text;
using System.Text.Json;
using RasMfa.Engine.Storage.Copy;

namespace RasMfa.Engine.Storage.Export
{
    /// <summary>
    /// Reads a configuration file's body (already opened segment by segment) line by line and checks its structure: the
    /// contents line, the tables it names in a copy's order, each table's columns, rows as long as their columns, the end
    /// line's count, nothing after it. With a target, each row is written there as it is read (secrets sealed with the
    /// target's key); without, the file is only checked and counted. The body is authenticated, but its structure is
    /// checked all the same: a file exported by a newer RasMfa, or made by hand by someone holding the passphrase.
    /// </summary>
    internal sealed class ConfigurationFileBody
    {
        private readonly TextReader _lines;
        private readonly StoreCopyTarget? _target;

        private ConfigurationFileBody(TextReader lines, StoreCopyTarget? target)
        {
            _lines = lines;
            _target = target;
        }

        public long SchemaVersion { get; private set; }

        public DateTime ExportedUtc { get; private set; }

        public List<StoreCopyTableCount> Tables { get; } = new List<StoreCopyTableCount>();

        /// <param name="target">Where the rows go; null to check and count only.</param>
        /// <param name="latestSchemaVersion">The newest schema of <paramref name="dialect"/> this RasMfa knows: a file from a newer one of the same database is refused (another database's numbers are its own; its columns are checked instead).</param>
        public static ConfigurationFileBody Read(Stream body, StoreCopyTarget? target, string dialect, long latestSchemaVersion)
        {
            using var lines = new StreamReader(body, new UTF8Encoding(false, throwOnInvalidBytes: true));
            var read = new ConfigurationFileBody(lines, target);
            try
            {
                read.ReadAll(dialect, latestSchemaVersion);
            }
            catch (Exception e) when (e is JsonException || e is DecoderFallbackException || e is InvalidOperationException || e is KeyNotFoundException || e is FormatException)
            {
                throw ConfigurationFileErrors.Damaged("its contents are not what RasMfa writes (" + e.GetType().Name + ")");
            }
            return read;
        }

        private void ReadAll(string dialect, long latestSchemaVersion)
        {
            var declared = new List<string>();
            using (var contents = NextLine() ?? throw ConfigurationFileErrors.Damaged("its body is empty"))
            {
                var root = contents.RootElement;
                if (Kind(root) != "contents") throw ConfigurationFileErrors.Damaged("its body does not begin with its contents");
                SchemaVersion = root.GetProperty("schemaVersion").GetInt64();
                if (root.GetProperty("dialect").GetString() == dialect && SchemaVersion > latestSchemaVersion)
                    throw new Administration.EngineException(Administration.EngineErrorKind.Unreadable, ConfigurationFileErrors.SchemaTooNewId,
                        $"The configuration file was exported from a store of schema version {SchemaVersion}; this RasMfa knows up to {latestSchemaVersion}. Update RasMfa, then import.");
                ExportedUtc = DateTime.Parse(root.GetProperty("exportedUtc").GetString()!, System.Globalization.CultureInfo.InvariantCulture,
                    System.Globalization.DateTimeStyles.RoundtripKind).ToUniversalTime();
                foreach (var table in root.GetProperty("tables").EnumerateArray()) declared.Add(table.GetString()!);
            }
            CheckDeclared(declared);

            long total = 0;
            var line = NextLine();
            foreach (var table in declared)
            {
                using (var start = line ?? throw ConfigurationFileErrors.Damaged($"it ends before the table {table}"))
                {
                    var root = start.RootElement;
                    if (Kind(root) != "table" || root.GetProperty("name").GetString() != table)
                        throw ConfigurationFileErrors.Damaged($"the table {table} is not where its contents say");
                    var names = new List<string>();
                    foreach (var column in root.GetProperty("columns").EnumerateArray()) names.Add(column.GetString()!);
                    long rows = ReadRows(table, names.ToArray(), out line);
                    Tables.Add(new StoreCopyTableCount(table, rows));
                    total += rows;
                }
            }
            using (var end = line ?? throw ConfigurationFileErrors.Damaged("it has no end line"))
            {
                if (Kind(end.RootElement) != "end" || end.RootElement.GetProperty("rows").GetInt64() != total)
                    throw ConfigurationFileErrors.Damaged("its end line does not count the rows it holds");
            }
            if (_lines.ReadLine() != null) throw ConfigurationFileErrors.Damaged("something follows its end line");
        }

        // Every table in a copy's order (parents first) and each at most once: rows can then point only at rows already in.
        private static void CheckDeclared(List<string> declared)
        {
            int last = -1;
            foreach (var table in declared)
            {
                int at = -1;
                for (int i = 0; i < StoreCopyTables.Copied.Count; i++) if (StoreCopyTables.Copied[i] == table) at = i;
                if (at < 0) throw ConfigurationFileErrors.Damaged($"it names a table '{table}' that an export never holds");
                if (at <= last) throw ConfigurationFileErrors.Damaged($"its table '{table}' is out of order");
                last = at;
            }
        }

        private long ReadRows(string table, string[] names, out JsonDocument? next)
        {
            using var writer = _target == null ? null : new TableWriter(_target, table, names);
            string? sealedColumn = SealedSecretColumns.SealedColumnOf(table);
            int sealedAt = Array.FindIndex(names, n => string.Equals(n, sealedColumn, StringComparison.OrdinalIgnoreCase));
            var values = new object[names.Length];
            long rows = 0;
            while (true)
            {
                var line = NextLine();
                if (line == null || line.RootElement.ValueKind != JsonValueKind.Array)
                {
                    next = line;
                    return rows;
                }
                using (line)
                {
                    if (line.RootElement.GetArrayLength() != names.Length)
                        throw ConfigurationFileErrors.Damaged($"a row of {table} does not have its {names.Length} columns");
                    int i = 0;
                    foreach (var element in line.RootElement.EnumerateArray())
                    {
                        values[i] = ExportedValues.Read(element, out bool isSecret);
                        if (isSecret != (i == sealedAt && !(values[i] is DBNull)))
                            throw ConfigurationFileErrors.Damaged($"a row of {table} holds a secret where {(isSecret ? "none goes" : "its secret goes")}");
                        i++;
                    }
                    if (writer != null)
                    {
                        if (sealedAt >= 0 && values[sealedAt] is byte[] plaintext)
                        {
                            values[sealedAt] = _target!.Seal(plaintext);
                            Array.Clear(plaintext, 0, plaintext.Length);
                        }
                        writer.Write(values);
                    }
                    else if (sealedAt >= 0 && values[sealedAt] is byte[] plaintext) Array.Clear(plaintext, 0, plaintext.Length);
                    rows++;
                }
            }
        }

        private JsonDocument? NextLine()
        {
            var text = _lines.ReadLine();
            return text == null ? null : JsonDocument.Parse(text);
        }

        private static string? Kind(JsonElement root) =>
            root.ValueKind == JsonValueKind.Object && root.TryGetProperty("kind", out var kind) && kind.ValueKind == JsonValueKind.String ? kind.GetString() : null;
    }
}
