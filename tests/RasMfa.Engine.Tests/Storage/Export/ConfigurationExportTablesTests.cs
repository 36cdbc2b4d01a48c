using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.Data.Sqlite;
using RasMfa.Engine.Storage.Export;
using Xunit;

namespace RasMfa.Engine.Tests.Storage.Export
{
    /// <summary>A table added to the schema is either in a configuration file or named as left out on purpose: never forgotten.</summary>
    public sealed class ConfigurationExportTablesTests : IDisposable
    {
        private readonly ConfigurationFileWorld _world = new ConfigurationFileWorld();

        public void Dispose() => _world.Dispose();

        [Fact]
        public void Every_table_of_the_schema_is_in_the_file_or_named_as_left_out()
        {
            _world.Stores.Populate("source");
            _world.Export("source", "backup", includeAuditLog: true);
            using var file = ConfigurationImport.Open(_world.FileOf("backup"), ConfigurationFileWorld.Passphrase);

            var inFile = file.Tables.Select(t => t.Table).ToList();
            var placed = inFile.Concat(ConfigurationExportTables.LeftOut).ToList();
            var schema = SchemaTables(_world.Stores.PathOf("source"));
            Assert.Empty(schema.Except(placed));
            Assert.Empty(placed.Except(schema));
            Assert.Equal(placed.Count, placed.Distinct().Count());
        }

        private static List<string> SchemaTables(string database)
        {
            using var connection = new SqliteConnection($"Data Source={database};Pooling=False");
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'";
            var tables = new List<string>();
            using (var reader = command.ExecuteReader()) while (reader.Read()) tables.Add(reader.GetString(0));
            return tables;
        }
    }
}
