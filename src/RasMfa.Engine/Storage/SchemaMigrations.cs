using System.Collections.Generic;
using Microsoft.Data.Sqlite;

namespace RasMfa.Engine.Storage
{
    /// <summary>Forward-only schema steps; PRAGMA user_version records how many have run.</summary>
    internal static class SchemaMigrations
    {
        private static readonly IReadOnlyList<string> Steps = new[]
        {
            // 1: RADIUS clients and the change counter listeners poll.
            @"CREATE TABLE radius_client (
                name TEXT NOT NULL PRIMARY KEY COLLATE NOCASE,
                address TEXT NOT NULL UNIQUE,
                secret BLOB NOT NULL,
                require_message_authenticator INTEGER NOT NULL,
                limit_proxy_state INTEGER NOT NULL,
                description TEXT,
                created_utc TEXT NOT NULL,
                modified_utc TEXT NOT NULL);
              CREATE TABLE change_version (id INTEGER PRIMARY KEY CHECK (id = 1), version INTEGER NOT NULL);
              INSERT INTO change_version (id, version) VALUES (1, 0);",
        };

        public static int Latest => Steps.Count;

        public static void Apply(SqliteConnection connection)
        {
            using var transaction = connection.BeginTransaction();
            long current = Scalar(connection, transaction, "PRAGMA user_version");
            if (current > Steps.Count)
                throw new StoreException(StoreErrorKind.Unreadable, $"The database has schema version {current}; this RasMfa knows up to {Steps.Count}. Update RasMfa.");
            for (int step = (int)current; step < Steps.Count; step++)
            {
                using var command = connection.CreateCommand();
                command.Transaction = transaction;
                command.CommandText = Steps[step] + $"; PRAGMA user_version = {step + 1};";
                command.ExecuteNonQuery();
            }
            transaction.Commit();
        }

        private static long Scalar(SqliteConnection connection, SqliteTransaction transaction, string sql)
        {
            using var command = connection.CreateCommand();
            command.Transaction = transaction;
            command.CommandText = sql;
            return (long)command.ExecuteScalar()!;
        }
    }
}
