using System.Collections.Generic;
using System.Linq;
using System.Text;
using RasMfa.Engine.Audit;

namespace RasMfa.Engine.Storage
{
    internal sealed class SqliteAuditLog : IAuditLog
    {
        private readonly SqliteDatabase _database;

        public SqliteAuditLog(SqliteDatabase database) => _database = database;

        internal static bool Insert(SqliteSession session, AuthenticationRecord record)
        {
            var command = session.Command(
                "INSERT INTO authentication_log (time_utc, client_name, client_address, user_name, result, reason, method, milliseconds) " +
                "VALUES ($time, $client, $address, $user, $result, $reason, $method, $ms)",
                ("$time", SqliteDatabase.Time(record.TimeUtc)), ("$client", record.ClientName), ("$address", record.ClientAddress), ("$user", record.UserName),
                ("$result", record.Result), ("$reason", record.Reason), ("$method", record.Method), ("$ms", record.Milliseconds));
            return command.ExecuteNonQuery() == 1;
        }

        public IReadOnlyList<AuthenticationRecord> Query(AuthenticationLogQuery query)
        {
            var where = new List<string>();
            var parameters = new List<(string, object?)>();
            if (!string.IsNullOrEmpty(query.UserName))
            {
                // Wildcards as PowerShell writes them: * and ?.
                // The name as received, or as the audit view shows it (DisplayText escapes).
                var received = DisplayText.Unescape(query.UserName!);
                if (received == null || received == query.UserName) where.Add("user_name LIKE $user ESCAPE '\\'");
                else
                {
                    where.Add("(user_name LIKE $user ESCAPE '\\' OR user_name LIKE $shown ESCAPE '\\')");
                    parameters.Add(("$shown", ToLike(received)));
                }
                parameters.Add(("$user", ToLike(query.UserName!)));
            }
            if (query.AfterUtc.HasValue) { where.Add("time_utc > $after"); parameters.Add(("$after", SqliteDatabase.Time(query.AfterUtc.Value))); }
            if (query.BeforeUtc.HasValue) { where.Add("time_utc < $before"); parameters.Add(("$before", SqliteDatabase.Time(query.BeforeUtc.Value))); }
            if (!string.IsNullOrEmpty(query.Result)) { where.Add("result = $result COLLATE NOCASE"); parameters.Add(("$result", query.Result)); }
            var sql = new StringBuilder("SELECT id, time_utc, client_name, client_address, user_name, result, reason, method, milliseconds FROM authentication_log");
            if (where.Count > 0) sql.Append(" WHERE ").Append(string.Join(" AND ", where));
            sql.Append(" ORDER BY id DESC");
            if (query.Last.HasValue) { sql.Append(" LIMIT $last"); parameters.Add(("$last", query.Last.Value)); }
            var rows = _database.Query(sql.ToString(), reader => new AuthenticationRecord
            {
                Id = reader.GetInt64(0),
                TimeUtc = SqliteDatabase.ReadTime(reader, 1),
                ClientName = reader.GetString(2),
                ClientAddress = reader.GetString(3),
                UserName = reader.GetString(4),
                Result = reader.GetString(5),
                Reason = reader.GetString(6),
                Method = reader.GetString(7),
                Milliseconds = reader.GetDouble(8),
            }, parameters.ToArray());
            rows.Reverse();
            return rows;
        }

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
