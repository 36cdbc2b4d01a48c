using System;
using System.Collections.Generic;
using System.Data.Common;

namespace RasMfa.Engine.Storage
{
    /// <summary>
    /// A connection, the transaction in progress on it, and its commands kept by statement text: the database parses and
    /// plans a statement once per session rather than once per call, which is most of a short statement's cost.
    /// Not thread-safe: one user at a time (the writer thread, or a reader rented from a pool).
    /// </summary>
    internal sealed class StoreSession : IDisposable
    {
        private readonly Dictionary<string, DbCommand> _commands = new Dictionary<string, DbCommand>(StringComparer.Ordinal);
        private readonly bool _ownsConnection;

        public StoreSession(DbConnection connection, DbTransaction? transaction = null, bool ownsConnection = false)
        {
            Connection = connection;
            Transaction = transaction;
            _ownsConnection = ownsConnection;
        }

        public DbConnection Connection { get; }

        public DbTransaction? Transaction { get; set; }

        /// <summary>
        /// Where a login's write leaves its audit record to be inserted with the rest of its batch's (the SQLite writer's
        /// group commit); null where each write inserts its own.
        /// </summary>
        public Sqlite.AuditBatch? AuditBatch { get; set; }

        /// <summary>
        /// Where <see cref="Execute"/> and <see cref="Query"/> run their statements instead of the provider's commands (the
        /// SQLite writer's connection: SQLite's own API); null runs them as <see cref="Command"/> does.
        /// </summary>
        public IStatementRunner? Runner { get; set; }

        /// <summary>Runs <paramref name="sql"/> with these values; the rows it changed.</summary>
        public int Execute(string sql, params (string Name, object? Value)[] parameters) =>
            Runner != null ? Runner.Execute(sql, parameters) : Command(sql, parameters).ExecuteNonQuery();

        /// <summary>Runs <paramref name="sql"/> with these values and reads its rows; dispose the reader when done.</summary>
        public DbDataReader Query(string sql, params (string Name, object? Value)[] parameters) =>
            Runner != null ? Runner.Query(sql, parameters) : Command(sql, parameters).ExecuteReader();

        /// <summary>Seconds each command may wait (for a lock) from now on; null keeps the bound the connection gave it.</summary>
        public int? CommandTimeout { get; set; }

        /// <summary>
        /// A statement the transaction's next command must run first (PostgreSQL's writer: the transaction's time bounds),
        /// sent in that command's round trip where it runs several together (<see cref="StatementsTogether"/>), else on its own just before it.
        /// </summary>
        public (string Sql, (string Name, object? Value)[] Parameters)? Preamble { get; set; }

        /// <summary>The preamble, now taken by a command that sends it with its own statements.</summary>
        public (string Sql, (string Name, object? Value)[] Parameters)? TakePreamble()
        {
            var preamble = Preamble;
            Preamble = null;
            return preamble;
        }

        /// <summary>The command for <paramref name="sql"/>, prepared on first use, with these parameter values. Owned by the session: do not dispose it.</summary>
        public DbCommand Command(string sql, params (string Name, object? Value)[] parameters)
        {
            if (TakePreamble() is { } preamble) Command(preamble.Sql, preamble.Parameters).ExecuteNonQuery();
            if (!_commands.TryGetValue(sql, out var command))
            {
                command = Connection.CreateCommand();
                command.CommandText = sql;
                _commands.Add(sql, command);
            }
            command.Transaction = Transaction;
            if (CommandTimeout.HasValue) command.CommandTimeout = CommandTimeout.Value; // kept commands follow the session's current bound
            // The same parameters as last time take their new values: Npgsql binds the values of a statement it has prepared
            // (after five uses) wrongly once the command's parameters are cleared and added anew.
            if (!SetValues(command.Parameters, parameters))
            {
                command.Parameters.Clear();
                foreach (var (name, value) in parameters) StoreDatabase.AddParameter(command, name, value);
            }
            return command;
        }

        private static bool SetValues(DbParameterCollection existing, (string Name, object? Value)[] parameters)
        {
            if (existing.Count != parameters.Length) return false;
            for (int i = 0; i < parameters.Length; i++)
                if (!string.Equals(existing[i].ParameterName, parameters[i].Name, StringComparison.Ordinal)) return false;
            for (int i = 0; i < parameters.Length; i++) existing[i].Value = parameters[i].Value ?? DBNull.Value;
            return true;
        }

        public void Dispose()
        {
            foreach (var command in _commands.Values) command.Dispose();
            _commands.Clear();
            if (_ownsConnection) Connection.Dispose();
        }
    }
}
