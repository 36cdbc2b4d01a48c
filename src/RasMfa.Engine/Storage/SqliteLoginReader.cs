using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using RasMfa.Engine.Mfa;
using RasMfa.Engine.Tokens;
using RasMfa.Engine.Users;

namespace RasMfa.Engine.Storage
{
    /// <summary>
    /// The login path's one read: the user a RADIUS User-Name names, with their tokens, in one joined query. Sessions
    /// (an open connection with its prepared statements) are pooled, so a login neither opens a connection nor parses SQL.
    /// </summary>
    internal sealed class SqliteLoginReader : IDisposable
    {
        private static readonly string UserAndToken =
            "SELECT " + string.Join(", ", SqliteUserStore.Columns.Split(',').Select(column => "u." + column.Trim())) + ", " + SqliteTokenStore.Columns +
            " FROM mfa_user u LEFT JOIN otp_token t ON t.user_id = u.id";
        private const string UserThenDefaultToken = " ORDER BY u.id, " + SqliteUserStore.DefaultTokenFirst;
        private static readonly int TokenOffset = SqliteUserStore.Columns.Split(',').Length;
        private static readonly string ByName = UserAndToken + " WHERE u.user_name = $name" + UserThenDefaultToken;
        private static readonly string ByBareName = UserAndToken + " WHERE u.bare_name = $bare" + UserThenDefaultToken;
        private readonly SqliteDatabase _database;
        private readonly ConcurrentBag<SqliteSession> _idle = new ConcurrentBag<SqliteSession>();
        private readonly int _maxIdle = Math.Max(4, Environment.ProcessorCount * 2);
        private bool _disposed;

        // Sealed once per process; unsealed by every read that finds no token, as a read that finds one unseals its secret.
        private readonly Lazy<byte[]> _nobodysSealedSecret;

        public SqliteLoginReader(SqliteDatabase database)
        {
            _database = database;
            _nobodysSealedSecret = new Lazy<byte[]>(() => database.Protector.Protect(OtpSecrets.Generate(OtpAlgorithm.Sha1)));
        }

        public LoginSubject? Find(string requestedName)
        {
            if (!_idle.TryTake(out var session)) session = new SqliteSession(_database.Open(), ownsConnection: true);
            bool healthy = false;
            try
            {
                var found = UserNameRules.Resolve(requestedName,
                    name => Query(session, ByName, ("$name", name)).FirstOrDefault(),
                    bare => Query(session, ByBareName, ("$bare", bare)));
                healthy = true;
                // Unsealing (DPAPI on Windows) is most of a found token's cost: an unknown or unenrolled name pays it too,
                // so that the time to the answer does not tell which names hold a token.
                if (found == null || found.Tokens.Count == 0) _database.Unprotect(_nobodysSealedSecret.Value, "nobody's token");
                return found;
            }
            finally
            {
                // A session that failed mid-read may hold an open statement; it is not reused.
                if (healthy && !_disposed && _idle.Count < _maxIdle) _idle.Add(session);
                else session.Dispose();
            }
        }

        // One row per token (or one without, for a user who holds none), grouped back into one subject per user.
        private List<LoginSubject> Query(SqliteSession session, string sql, (string, object?) parameter)
        {
            var subjects = new List<LoginSubject>(1);
            MfaUser? user = null;
            List<OtpToken>? tokens = null;
            using var reader = session.Command(sql, parameter).ExecuteReader();
            while (reader.Read())
            {
                if (user == null || reader.GetInt64(0) != user.Id)
                {
                    if (user != null) subjects.Add(new LoginSubject(user, tokens!));
                    user = SqliteUserStore.Read(reader, 0);
                    tokens = new List<OtpToken>(1);
                }
                if (!reader.IsDBNull(TokenOffset)) tokens!.Add(SqliteTokenStore.Read(reader, TokenOffset, _database));
            }
            if (user != null) subjects.Add(new LoginSubject(user, tokens!));
            return subjects;
        }

        public void Dispose()
        {
            _disposed = true;
            while (_idle.TryTake(out var session)) session.Dispose();
        }
    }
}
