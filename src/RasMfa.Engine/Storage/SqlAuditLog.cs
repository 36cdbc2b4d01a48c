using System;
using System.Collections.Generic;
using System.Data.Common;
using System.Text;
using System.Threading;
using RasMfa.Engine.Audit;

namespace RasMfa.Engine.Storage
{
    internal sealed class SqlAuditLog : IAuditLog
    {
        private readonly StoreDatabase _database;

        public SqlAuditLog(StoreDatabase database) => _database = database;

        // A record whose id is stored already is not written again (see AuthenticationRecord.RecordId).
        internal const string InsertColumnsSql =
            "INSERT INTO authentication_log (time_utc, client_name, client_address, user_name, result, reason, method, milliseconds, record_id)";
        internal const string OnDuplicateRecordSql = "ON CONFLICT (record_id) DO NOTHING";
        internal const string InsertSql =
            InsertColumnsSql + " VALUES (@time, @client, @address, @user, @result, @reason, @method, @ms, @record) " + OnDuplicateRecordSql;

        internal static bool Insert(StoreSession session, AuthenticationRecord record) => Insert(session, InsertSql, record);

        /// <summary>Inserts <paramref name="record"/> with <paramref name="sql"/>: <see cref="InsertSql"/>, alone or between the statements of a savepoint.</summary>
        internal static bool Insert(StoreSession session, string sql, AuthenticationRecord record) => session.Command(sql, InsertParameters(record)).ExecuteNonQuery() >= 1;

        /// <summary>The values <see cref="InsertSql"/> takes.</summary>
        internal static (string Name, object? Value)[] InsertParameters(AuthenticationRecord record) => new (string, object?)[]
        {
            ("@time", StoreDatabase.Time(record.TimeUtc)), ("@client", record.ClientName), ("@address", record.ClientAddress), ("@user", record.UserName),
            ("@result", record.Result), ("@reason", record.Reason), ("@method", record.Method), ("@ms", record.Milliseconds), ("@record", record.RecordId),
        };

        private const string Columns = "id, time_utc, client_name, client_address, user_name, result, reason, method, milliseconds, record_id";
        private long _rowsRead;

        /// <summary>Rows read from the database by <see cref="Read"/> so far: what a test of streaming can observe.</summary>
        internal long RowsRead => Interlocked.Read(ref _rowsRead);

        public IEnumerable<AuthenticationRecord> Read(AuthenticationLogQuery query)
        {
            var (sql, parameters) = Select(query, _database.Dialect);
            // A connection of its own, held only while the caller enumerates: a pipeline that stops early closes it.
            using var connection = _database.Open();
            using var command = StoreDatabase.Command(connection, null, sql, parameters);
            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                Interlocked.Increment(ref _rowsRead);
                yield return ReadRecord(reader);
            }
        }

        public IReadOnlyList<AuthenticationRecord> Query(AuthenticationLogQuery query) => new List<AuthenticationRecord>(Read(query));

        public int RemoveOlderThan(DateTime cutoffUtc, int limit) =>
            _database.InTransaction((connection, transaction) =>
            {
                // By the time index, oldest first: each call touches only the rows it removes.
                using var command = StoreDatabase.Command(connection, transaction,
                    "DELETE FROM authentication_log WHERE id IN (SELECT id FROM authentication_log WHERE time_utc < @cutoff ORDER BY time_utc LIMIT @limit)",
                    ("@cutoff", StoreDatabase.Time(cutoffUtc)), ("@limit", limit));
                return command.ExecuteNonQuery();
            }, bumpVersion: false);

        public void Add(AuthenticationRecord record) => _database.InSession(session => Insert(session, record));

        private static (string Sql, (string, object?)[] Parameters) Select(AuthenticationLogQuery query, StoreDialect dialect)
        {
            var where = new List<string>();
            var parameters = new List<(string, object?)>();
            if (!string.IsNullOrEmpty(query.UserName))
            {
                // Wildcards as PowerShell writes them: * and ?.
                // The name as received, or as the audit view shows it (DisplayText escapes).
                var received = DisplayText.Unescape(query.UserName!);
                if (received == null || received == query.UserName) where.Add(dialect.LikeIgnoringCase("user_name", "@user"));
                else
                {
                    where.Add("(" + dialect.LikeIgnoringCase("user_name", "@user") + " OR " + dialect.LikeIgnoringCase("user_name", "@shown") + ")");
                    parameters.Add(("@shown", ToLike(received)));
                }
                parameters.Add(("@user", ToLike(query.UserName!)));
            }
            if (query.AfterUtc.HasValue) { where.Add("time_utc > @after"); parameters.Add(("@after", StoreDatabase.Time(query.AfterUtc.Value))); }
            if (query.BeforeUtc.HasValue) { where.Add("time_utc < @before"); parameters.Add(("@before", StoreDatabase.Time(query.BeforeUtc.Value))); }
            if (!string.IsNullOrEmpty(query.Result)) { where.Add("lower(result) = lower(@result)"); parameters.Add(("@result", query.Result)); }
            var selected = new StringBuilder("SELECT ").Append(Columns).Append(" FROM authentication_log");
            if (where.Count > 0) selected.Append(" WHERE ").Append(string.Join(" AND ", where));
            // The newest N are found newest first and shown oldest first: SQLite sorts those N only.
            var sql = query.Last.HasValue
                ? new StringBuilder("SELECT ").Append(Columns).Append(" FROM (").Append(selected).Append(" ORDER BY id DESC LIMIT @last) AS newest")
                : selected;
            if (query.Last.HasValue) parameters.Add(("@last", query.Last.Value));
            sql.Append(" ORDER BY id");
            if (query.First.HasValue || query.Skip > 0)
            {
                sql.Append(" LIMIT @first OFFSET @skip");
                parameters.Add(("@first", query.First ?? long.MaxValue)); // no limit, in a form every dialect takes
                parameters.Add(("@skip", query.Skip));
            }
            return (sql.ToString(), parameters.ToArray());
        }

        private static AuthenticationRecord ReadRecord(DbDataReader reader) => new AuthenticationRecord
        {
            Id = reader.GetInt64(0),
            TimeUtc = StoreDatabase.ReadTime(reader, 1),
            ClientName = reader.GetString(2),
            ClientAddress = reader.GetString(3),
            UserName = reader.GetString(4),
            Result = reader.GetString(5),
            Reason = reader.GetString(6),
            Method = reader.GetString(7),
            Milliseconds = reader.GetDouble(8),
            RecordId = StoreDatabase.ReadOptionalText(reader, 9),
        };

        private static string ToLike(string wildcard)
        {
            var builder = new StringBuilder();
            foreach (var c in wildcard)
            {
                switch (c)
                {
                    case '*': builder.Append('%'); break;
                    case '?': builder.Append('_'); break;
                    case '%': case '_': case '\\': builder.Append('\\').Append(c); break;
                    default: builder.Append(c); break;
                }
            }
            return builder.ToString();
        }
    }
}
