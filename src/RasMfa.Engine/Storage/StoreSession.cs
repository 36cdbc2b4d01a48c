using System;
using System.Collections.Generic;
using Microsoft.Data.Sqlite;

namespace RasMfa.Engine.Storage
{
    /// <summary>
    /// A connection, the transaction in progress on it, and its commands kept by statement text: SQLite parses and
    /// plans a statement once per session rather than once per call, which is most of a short statement's cost.
    /// Not thread-safe: one user at a time (the writer thread, or a reader rented from a pool).
    /// </summary>
    internal sealed class StoreSession : IDisposable
    {
        private readonly Dictionary<string, SqliteCommand> _commands = new Dictionary<string, SqliteCommand>(StringComparer.Ordinal);
        private readonly bool _ownsConnection;

        public StoreSession(SqliteConnection connection, SqliteTransaction? transaction = null, bool ownsConnection = false)
        {
            Connection = connection;
            Transaction = transaction;
            _ownsConnection = ownsConnection;
        }

        public SqliteConnection Connection { get; }

        public SqliteTransaction? Transaction { get; set; }

        /// <summary>The command for <paramref name="sql"/>, prepared on first use, with these parameter values. Owned by the session: do not dispose it.</summary>
        public SqliteCommand Command(string sql, params (string Name, object? Value)[] parameters)
        {
            if (!_commands.TryGetValue(sql, out var command))
            {
                command = Connection.CreateCommand();
                command.CommandText = sql;
                _commands.Add(sql, command);
            }
            command.Transaction = Transaction;
            command.CommandTimeout = Connection.DefaultTimeout; // kept commands follow the connection's current bound
            command.Parameters.Clear();
            foreach (var (name, value) in parameters) command.Parameters.AddWithValue(name, value ?? DBNull.Value);
            return command;
        }

        public void Dispose()
        {
            foreach (var command in _commands.Values) command.Dispose();
            _commands.Clear();
            if (_ownsConnection) Connection.Dispose();
        }
    }
}
