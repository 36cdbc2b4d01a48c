using System;
using System.Collections.Generic;
using System.Data;
using System.Data.Common;
using System.Text;
using Microsoft.Data.Sqlite;
using Npgsql;
using RasMfa.Engine.Storage;
using RasMfa.Engine.Storage.Copy;

namespace RasMfa.Engine.Tests.Storage.Copy
{
    /// <summary>
    /// Until the PostgreSQL store lands: a dialect on a real PostgreSQL database whose schema mirrors a SQLite store's
    /// (same tables and columns; bigint, text, bytea, double precision; the generated ids as identity columns that refuse
    /// explicit values unless told), so that a copy's PostgreSQL end runs the copy's own code against PostgreSQL. Only what
    /// a copy uses is implemented. Its snapshot, kept-id and id-continuation members are what the real dialect needs too.
    /// </summary>
    internal sealed class PostgreSqlStandInDialect : StoreDialect
    {
        private readonly string _connectionString;
        private readonly string _mirroredSqlite;

        /// <param name="readOnly">Every transaction read-only (a copy's source), as the server enforces it.</param>
        public PostgreSqlStandInDialect(string connectionString, string mirroredSqlite, bool readOnly)
        {
            var builder = new NpgsqlConnectionStringBuilder(connectionString);
            if (readOnly) builder.Options = "-c default_transaction_read_only=on";
            _connectionString = builder.ConnectionString;
            _mirroredSqlite = mirroredSqlite;
            Location = "PostgreSQL " + builder.Database;
        }

        public override string Location { get; }

        public override DbConnection Open()
        {
            var connection = new NpgsqlConnection(_connectionString);
            connection.Open();
            return connection;
        }

        public override void ApplySchema(DbConnection connection)
        {
            using var exists = new NpgsqlCommand("SELECT to_regclass('change_version') IS NOT NULL", (NpgsqlConnection)connection);
            if ((bool)exists.ExecuteScalar()!) return;
            using var create = new NpgsqlCommand(MirroredSchema(), (NpgsqlConnection)connection);
            create.ExecuteNonQuery();
        }

        public override long SchemaVersion(DbConnection connection)
        {
            using var command = new NpgsqlCommand("SELECT version FROM stand_in_schema", (NpgsqlConnection)connection);
            return (long)command.ExecuteScalar()!;
        }

        public override long LatestSchemaVersion => 1;

        // One snapshot for every statement of the transaction (REPEATABLE READ), and no write allowed in it.
        public override DbTransaction BeginSnapshot(DbConnection connection)
        {
            var transaction = ((NpgsqlConnection)connection).BeginTransaction(IsolationLevel.RepeatableRead);
            using var readOnly = new NpgsqlCommand("SET TRANSACTION READ ONLY", (NpgsqlConnection)connection, transaction);
            readOnly.ExecuteNonQuery();
            return transaction;
        }

        public override string KeepingIds => "OVERRIDING SYSTEM VALUE";

        // The identity's sequence goes on after the largest id copied (or starts at 1 for an empty table).
        public override void ContinueIdsAfterRows(DbConnection connection, DbTransaction transaction, string table, string idColumn)
        {
            using var command = new NpgsqlCommand(
                $"SELECT setval(pg_get_serial_sequence('{table}', '{idColumn}'), COALESCE(MAX({idColumn}), 0) + 1, false) FROM {table}",
                (NpgsqlConnection)connection, (NpgsqlTransaction)transaction);
            command.ExecuteNonQuery();
        }

        public override bool IsConstraintViolation(DbException error) => error is PostgresException p && p.SqlState.StartsWith("23", StringComparison.Ordinal);

        public override bool IsBusy(Exception error) => false;

        public override bool IsTransient(Exception error) => false;

        public override string Greatest(string first, string second) => $"GREATEST({first}, {second})";

        public override string LockForWrite => "FOR UPDATE";

        public override string NameEquals(string column, string parameter) => $"lower({column}) = lower({parameter})";

        public override string LikeIgnoringCase(string column, string pattern) => $"{column} ILIKE {pattern} ESCAPE '\\'";

        public override ILoginWriteQueue CreateLoginWriteQueue(StoreDatabase database) => throw new NotSupportedException("The stand-in serves copies only.");

        /// <summary>PostgreSQL DDL for every table of the mirrored SQLite store, column for column.</summary>
        private string MirroredSchema()
        {
            using var sqlite = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = _mirroredSqlite, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString());
            sqlite.Open();
            var tables = new List<string>();
            using (var list = sqlite.CreateCommand())
            {
                list.CommandText = "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name";
                using var reader = list.ExecuteReader();
                while (reader.Read()) tables.Add(reader.GetString(0));
            }
            var ddl = new StringBuilder("CREATE TABLE stand_in_schema (version bigint NOT NULL); INSERT INTO stand_in_schema VALUES (1);\n");
            var foreignKeys = new StringBuilder();
            foreach (var table in tables)
            {
                bool generated = false;
                foreach (var (idTable, _) in StoreCopyTables.GeneratedIds) generated |= idTable == table;
                var columns = new List<string>();
                var keys = new List<string>();
                using (var info = sqlite.CreateCommand())
                {
                    info.CommandText = $"PRAGMA table_info({table})";
                    using var reader = info.ExecuteReader();
                    while (reader.Read())
                    {
                        string name = reader.GetString(1), type = reader.GetString(2).ToUpperInvariant();
                        bool notNull = reader.GetInt64(3) != 0, key = reader.GetInt64(5) > 0;
                        string pgType = type == "INTEGER" ? "bigint" : type == "BLOB" ? "bytea" : type == "REAL" ? "double precision" : "text";
                        var column = $"{name} {pgType}";
                        if (key && generated) column += " GENERATED ALWAYS AS IDENTITY";
                        if (notNull) column += " NOT NULL";
                        if (!reader.IsDBNull(4)) column += " DEFAULT " + reader.GetString(4);
                        columns.Add(column);
                        if (key) keys.Add(name);
                    }
                }
                if (keys.Count > 0) columns.Add($"PRIMARY KEY ({string.Join(", ", keys)})");
                ddl.Append($"CREATE TABLE {table} ({string.Join(", ", columns)});\n");
                using var references = sqlite.CreateCommand();
                references.CommandText = $"PRAGMA foreign_key_list({table})";
                using var keysReader = references.ExecuteReader();
                while (keysReader.Read())
                    foreignKeys.Append($"ALTER TABLE {table} ADD FOREIGN KEY ({keysReader.GetString(3)}) REFERENCES {keysReader.GetString(2)} ({keysReader.GetString(4)}) ON DELETE {keysReader.GetString(6)};\n");
            }
            ddl.Append(foreignKeys);
            ddl.Append("INSERT INTO change_version (id, version) VALUES (1, 0); INSERT INTO decoy_attempts (id, attempts) VALUES (1, 0);\n");
            return ddl.ToString();
        }
    }
}
