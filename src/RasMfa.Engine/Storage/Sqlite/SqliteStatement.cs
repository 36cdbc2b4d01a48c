using System;
using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace RasMfa.Engine.Storage.Sqlite
{
    /// <summary>
    /// One statement the login writer runs for every login, prepared once on the writer's connection and run through SQLite's
    /// own API, its values bound by position. Microsoft.Data.Sqlite's command costs about as much again as the statement
    /// itself (a reader per call, each value bound by looking its name up); the writer runs these in its own transaction, on
    /// its own thread. A failure comes out as the provider's SqliteException, with SQLite's code, as a command's would.
    /// </summary>
    internal sealed class SqliteStatement : IDisposable
    {
        private readonly SqliteConnection _connection;
        private readonly sqlite3_stmt _statement;

        public SqliteStatement(SqliteConnection connection, string sql)
        {
            _connection = connection;
            int rc = raw.sqlite3_prepare_v2(connection.Handle, sql, out _statement);
            if (rc != raw.SQLITE_OK) SqliteException.ThrowExceptionForRC(rc, connection.Handle);
        }

        /// <summary>Binds the value at <paramref name="position"/> (from 1): null is SQL NULL.</summary>
        public void Bind(int position, string? value)
        {
            int rc = value == null ? raw.sqlite3_bind_null(_statement, position) : raw.sqlite3_bind_text(_statement, position, value);
            if (rc != raw.SQLITE_OK) SqliteException.ThrowExceptionForRC(rc, _connection.Handle);
        }

        public void Bind(int position, double value)
        {
            int rc = raw.sqlite3_bind_double(_statement, position, value);
            if (rc != raw.SQLITE_OK) SqliteException.ThrowExceptionForRC(rc, _connection.Handle);
        }

        /// <summary>Runs the statement to its end; a failure (a constraint: the statement alone undone) throws SqliteException.</summary>
        public void Run()
        {
            int rc = raw.sqlite3_step(_statement);
            // Reset whatever happened, so that the statement can run again and holds no lock; its error is the step's.
            raw.sqlite3_reset(_statement);
            if (rc != raw.SQLITE_DONE && rc != raw.SQLITE_ROW) SqliteException.ThrowExceptionForRC(rc & 0xFF, _connection.Handle);
        }

        public void Dispose() => _statement.Dispose();
    }
}
