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
            int rc = raw.sqlite3_prepare_v2(connection.Handle, sql, out sqlite3_stmt prepared, out string tail);
            if (rc != raw.SQLITE_OK)
            {
                prepared?.Dispose();
                SqliteException.ThrowExceptionForRC(rc, connection.Handle);
            }
            _statement = prepared!;
            if (!string.IsNullOrWhiteSpace(tail))
            {
                // Only the first statement of a text is prepared: a list would run its first statement alone, silently.
                _statement.Dispose();
                throw new ArgumentException("One statement per prepared text: '" + sql + "' holds more.", nameof(sql));
            }
        }

        /// <summary>The statement's parameters (?1 or @name each one).</summary>
        public int ParameterCount => raw.sqlite3_bind_parameter_count(_statement);

        /// <summary>The position of the parameter named <paramref name="name"/> ("@id"), from 1; 0 when the text has none of that name.</summary>
        public int PositionOf(string name) => raw.sqlite3_bind_parameter_index(_statement, name);

        /// <summary>Whether the statement changes nothing (a SELECT): then it has no count of rows changed.</summary>
        public bool IsReadOnly => raw.sqlite3_stmt_readonly(_statement) != 0;

        /// <summary>Binds the value at <paramref name="position"/> (from 1): null is SQL NULL.</summary>
        public void Bind(int position, string? value)
        {
            int rc = value == null ? raw.sqlite3_bind_null(_statement, position) : raw.sqlite3_bind_text(_statement, position, value);
            Check(rc);
        }

        public void Bind(int position, double value) => Check(raw.sqlite3_bind_double(_statement, position, value));

        public void Bind(int position, long value) => Check(raw.sqlite3_bind_int64(_statement, position, value));

        /// <summary>Binds a BLOB (an empty array is an empty BLOB, not NULL); null is SQL NULL.</summary>
        public void Bind(int position, byte[]? value) => Check(
            value == null ? raw.sqlite3_bind_null(_statement, position)
            : value.Length == 0 ? raw.sqlite3_bind_zeroblob(_statement, position, 0)
            : raw.sqlite3_bind_blob(_statement, position, value));

        public void BindNull(int position) => Check(raw.sqlite3_bind_null(_statement, position));

        /// <summary>Forgets every value bound: a parameter left unbound is NULL.</summary>
        public void ClearBindings() => raw.sqlite3_clear_bindings(_statement);

        /// <summary>Runs the statement to its end; a failure (a constraint: the statement alone undone) throws SqliteException.</summary>
        public void Run()
        {
            int rc = raw.sqlite3_step(_statement);
            // Reset whatever happened, so that the statement can run again and holds no lock; its error is the step's.
            raw.sqlite3_reset(_statement);
            if (rc != raw.SQLITE_DONE && rc != raw.SQLITE_ROW) SqliteException.ThrowExceptionForRC(rc & 0xFF, _connection.Handle);
        }

        /// <summary>One step: true when it gave a row (read it with the Column methods), false at the end. A failure resets and throws.</summary>
        public bool Step()
        {
            int rc = raw.sqlite3_step(_statement);
            if (rc == raw.SQLITE_ROW) return true;
            if (rc == raw.SQLITE_DONE) return false;
            raw.sqlite3_reset(_statement);
            SqliteException.ThrowExceptionForRC(rc & 0xFF, _connection.Handle);
            return false;
        }

        /// <summary>Ends a run (its rows read or not), so that the statement can run again and holds no lock.</summary>
        public void Reset() => raw.sqlite3_reset(_statement);

        /// <summary>Rows the last statement run on the connection inserted, changed or deleted.</summary>
        public int RowsChanged => raw.sqlite3_changes(_connection.Handle);

        public int ColumnCount => raw.sqlite3_column_count(_statement);

        public string ColumnName(int column) => raw.sqlite3_column_name(_statement, column).utf8_to_string();

        /// <summary>SQLite's type of the current row's value (raw.SQLITE_INTEGER, _FLOAT, _TEXT, _BLOB, _NULL).</summary>
        public int ColumnType(int column) => raw.sqlite3_column_type(_statement, column);

        public long ColumnInt64(int column) => raw.sqlite3_column_int64(_statement, column);

        public double ColumnDouble(int column) => raw.sqlite3_column_double(_statement, column);

        public string ColumnText(int column) => raw.sqlite3_column_text(_statement, column).utf8_to_string() ?? "";

        public byte[] ColumnBlob(int column) => raw.sqlite3_column_blob(_statement, column).ToArray();

        private void Check(int rc)
        {
            if (rc != raw.SQLITE_OK) SqliteException.ThrowExceptionForRC(rc, _connection.Handle);
        }

        public void Dispose() => _statement.Dispose();
    }
}
