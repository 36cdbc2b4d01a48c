using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Data.Common;
using System.Linq;
using System.Text.RegularExpressions;

namespace RasMfa.Engine.Storage
{
    /// <summary>
    /// Statements of a write whose row counts nobody needs (a count cleared, an answer recorded, an audit record), sent to a
    /// database server in one round trip instead of one each: where the dialect says so (PostgreSQL) they are kept until
    /// <see cref="Execute"/> and go as one command; elsewhere (SQLite, in the process) each runs as it is added.
    /// </summary>
    internal sealed class StatementsTogether
    {
        // The joined text of each list of statements: its parameters renamed per statement (@p1_id), so that two statements
        // may use one name with different values. Kept, as the session keeps the command: the login path has a few lists.
        private static readonly ConcurrentDictionary<string, string> JoinedText = new ConcurrentDictionary<string, string>(StringComparer.Ordinal);
        private static readonly Regex Parameter = new Regex(@"@(\w+)", RegexOptions.CultureInvariant);
        private readonly StoreSession _session;
        private readonly bool _together;
        private readonly List<(string Sql, (string Name, object? Value)[] Parameters)> _kept = new List<(string, (string, object?)[])>();

        public StatementsTogether(StoreSession session, StoreDialect dialect)
        {
            _session = session;
            _together = dialect.SendsStatementsTogether;
        }

        public void Add(string sql, params (string Name, object? Value)[] parameters)
        {
            if (_together) _kept.Add((sql, parameters));
            else _session.Execute(sql, parameters);
        }

        /// <summary>Sends what was kept, in the order added; a failing statement fails the command, and the ones after it are not run.</summary>
        public void Execute()
        {
            if (_kept.Count == 0) return;
            TakePreamble();
            Joined().ExecuteNonQuery();
            _kept.Clear();
        }

        /// <summary>
        /// Sends what was kept as one command (a dialect that sends statements together only) and reads what it returns: a
        /// result set per statement that returns rows, in the order added (NextResult between them). Dispose it before the next command.
        /// </summary>
        public DbDataReader Query()
        {
            if (!_together) throw new InvalidOperationException("Only a dialect that sends statements together reads them together.");
            // The session's preamble goes first, in this round trip; its one row (a setting's value) is not the caller's to read.
            bool preamble = TakePreamble();
            var reader = Joined().ExecuteReader();
            _kept.Clear();
            if (preamble) reader.NextResult();
            return reader;
        }

        private bool TakePreamble()
        {
            if (!(_session.Preamble is { } pending) || _kept.Count == 0) return false;
            _session.TakePreamble();
            _kept.Insert(0, (pending.Sql, pending.Parameters));
            return true;
        }

        private DbCommand Joined()
        {
            if (_kept.Count == 1) return _session.Command(_kept[0].Sql, _kept[0].Parameters);
            var key = string.Join("\u0000", _kept.Select(statement => statement.Sql));
            var sql = JoinedText.GetOrAdd(key, _ => string.Join(";\n", _kept.Select((statement, i) => Parameter.Replace(statement.Sql, "@p" + i + "_$1"))));
            var parameters = _kept.SelectMany((statement, i) => statement.Parameters.Select(p => ("@p" + i + "_" + p.Name.TrimStart('@'), p.Value))).ToArray();
            return _session.Command(sql, parameters);
        }
    }
}
