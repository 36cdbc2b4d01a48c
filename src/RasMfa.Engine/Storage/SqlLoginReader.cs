using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using RasMfa.Engine.Mfa;
using RasMfa.Engine.Security;
using RasMfa.Engine.Tokens;
using RasMfa.Engine.Users;

namespace RasMfa.Engine.Storage
{
    /// <summary>
    /// The login path's one read: the user a RADIUS User-Name names, with their tokens, in one joined query. Sessions
    /// (an open connection with its prepared statements) are pooled, so a login neither opens a connection nor parses SQL.
    /// </summary>
    internal sealed partial class SqlLoginReader : IDisposable
    {
        private static readonly int TokenOffset = SqlUserStore.Columns.Split(',').Length;
        private static readonly int KeyOffset = TokenOffset + SqlTokenStore.Columns.Split(',').Length;

        // Every user any of the name rules could pick (UserNameRules.Resolve), through the two key indexes: a user whose
        // key is the requested name part holds that bare key too, unless the part itself has an '@' (CORP\bob@x).
        internal static string ByKeys(StoreDialect dialect) =>
            "SELECT " + string.Join(", ", SqlUserStore.Columns.Split(',').Select(column => "u." + column.Trim())) + ", " + SqlTokenStore.Columns +
            ", u.name_key, u.bare_key, " + SqlBypassCodeRows.HeldColumn + ", " + SqlPendingEnrollmentRows.HeldColumn(dialect) +
            " FROM mfa_user u LEFT JOIN otp_token t ON t.user_id = u.id" +
            " WHERE u.bare_key = @bare OR u.name_key = @bare ORDER BY u.id, " + SqlUserStore.DefaultTokenFirst;
        private readonly string _byKeys;
        private readonly string _byNameKeys;
        private readonly StoreDatabase _database;
        private readonly ConcurrentBag<StoreSession> _idle = new ConcurrentBag<StoreSession>();
        private readonly int _maxIdle = Math.Max(4, Environment.ProcessorCount * 2);
        private bool _disposed;

        // When the dialect next readies the store for login reads (PostgreSQL: the planner's statistics, gathered where users
        // were imported since): before the first read, then at most once per interval (Stopwatch ticks); a race checks twice, harmlessly.
        private readonly long _readyCheckTicks;
        private long _nextReadyCheck;

        // Sealed once per key held (a key followed after a rotation needs its own); unsealed by every read that finds no
        // token, as a read that finds one unseals its secret.
        private volatile NobodysSecret? _nobodysSecret;

        /// <param name="readyCheckInterval">How often the store is readied for login reads again (<see cref="StoreDialect.PrepareLoginReads"/>): by default every 30 s, so that users imported while this server runs are planned for well before autovacuum's next round.</param>
        public SqlLoginReader(StoreDatabase database, TimeSpan? readyCheckInterval = null)
        {
            _database = database;
            _readyCheckTicks = (long)((readyCheckInterval ?? TimeSpan.FromSeconds(30)).TotalSeconds * System.Diagnostics.Stopwatch.Frequency);
            _byKeys = ByKeys(database.Dialect);
            _byNameKeys = ByNameKeys(database.Dialect);
        }

        /// <summary>
        /// Runs a read of the login path (a user, a challenge, a request's answer, the open challenges) on a pooled session.
        /// A read the store could not serve for now (its server unreachable or gone, a lock not free: the dialect says so)
        /// throws <see cref="StoreErrorKind.Unavailable"/>, as a write that could not be made does. The idle sessions (and the
        /// provider's idle connections) go with it: when a connection was lost, theirs were too. A read that failed so on a
        /// session kept from before runs once more on a new connection (a read changes nothing), so that the first login after
        /// the store's server came back is not refused for a connection the restart had broken.
        /// </summary>
        public T Read<T>(Func<StoreSession, T> read) => Read(read, (session, work) => work(session));

        /// <summary>As <see cref="Read{T}(Func{StoreSession, T})"/>, <paramref name="state"/> passed on: a static lambda makes no closure per login.</summary>
        public T Read<TState, T>(TState state, Func<StoreSession, TState, T> read)
        {
            bool kept = _idle.TryTake(out var session);
            try
            {
                return ReadOn(session ?? new StoreSession(_database.Open(), ownsConnection: true), state, read);
            }
            catch (StoreException e) when (kept && e.ErrorId == ReadFailedErrorId)
            {
                return ReadOn(new StoreSession(_database.Open(), ownsConnection: true), state, read);
            }
        }

        private T ReadOn<TState, T>(StoreSession session, TState state, Func<StoreSession, TState, T> read)
        {
            bool healthy = false;
            try
            {
                long now = System.Diagnostics.Stopwatch.GetTimestamp();
                if (now >= System.Threading.Interlocked.Read(ref _nextReadyCheck))
                {
                    System.Threading.Interlocked.Exchange(ref _nextReadyCheck, now + _readyCheckTicks);
                    _database.Dialect.PrepareLoginReads(session.Connection);
                }
                var result = read(session, state);
                healthy = true;
                return result;
            }
            catch (Exception e) when (!(e is StoreException) && _database.Dialect.IsTransient(e))
            {
                DropIdleSessions();
                _database.Dialect.ForgetIdleConnections();
                throw new StoreException(StoreErrorKind.Unavailable, ReadFailedErrorId, $"The store at {_database.Location} could not be read: {e.Message}", e);
            }
            finally
            {
                // A session that failed mid-read may hold an open statement (or a broken connection); it is not reused.
                if (healthy && !_disposed && _idle.Count < _maxIdle) _idle.Add(session);
                else session.Dispose();
            }
        }

        public const string ReadFailedErrorId = "StoreReadFailed";

        public LoginLookup Find(string requestedName)
        {
            var candidates = Read((Reader: this, Bare: UserNameRules.BareKey(requestedName)),
                (session, state) => state.Reader.Query(session, state.Reader._byKeys, ("@bare", state.Bare)));
            var found = UserNameRules.Resolve(requestedName, candidates, c => c.NameKey, c => c.BareKey, c => c.Subject.Tokens.Count > 0);
            var lookup = found.Count == 1 ? LoginLookup.Of(WithBypassCodes(found[0])) : found.Count == 0 ? LoginLookup.Unknown : LoginLookup.Ambiguous;
            // Unsealing (DPAPI on Windows) is most of a found token's cost: an unknown, ambiguous or unenrolled name pays
            // it too, so that the time to the answer does not tell which names hold a token.
            if (lookup.Subject == null || lookup.Subject.Tokens.Count == 0) UnsealNobodysSecret();
            return lookup;
        }

        // Read only for a user who holds some (the count came with the one read), so that other logins make no second round trip.
        // Pending enrolments only for a user who holds no token: only they may confirm one at login (PendingEnrollmentMethod).
        private LoginSubject WithBypassCodes(Candidate found)
        {
            bool readsPending = found.PendingEnrollmentsHeld > 0 && found.Subject.Tokens.Count == 0;
            if (found.BypassCodesHeld == 0 && !readsPending) return found.Subject;
            long userId = found.Subject.User.Id;
            return Read(session => new LoginSubject(found.Subject.User, found.Subject.Tokens,
                found.BypassCodesHeld == 0 ? null : SqlBypassCodeRows.Read(session, _database, userId),
                readsPending ? SqlPendingEnrollmentRows.Read(session, _database, userId) : null));
        }

        private void UnsealNobodysSecret()
        {
            // While this server's key is stale an enrolled name's secret is refused (StoreKeyStale); nobody's secret is
            // refused alike, with the same look at the key, or whether an answer comes would tell enrolled names from others.
            var follower = _database.KeyFollower;
            if (follower != null && follower.IsStale)
            {
                var refusal = follower.AfterKeyFailed(_database.Key);
                if (refusal != null) throw refusal;
            }
            var protector = _database.Protector;
            var nobodys = _nobodysSecret;
            if (nobodys == null || !ReferenceEquals(nobodys.Protector, protector))
                _nobodysSecret = nobodys = new NobodysSecret(protector, protector.Protect(OtpSecrets.Generate(OtpAlgorithm.Sha1)));
            nobodys.Protector.Unprotect(nobodys.Sealed);
        }

        private sealed class NobodysSecret
        {
            public NobodysSecret(ISecretProtector protector, byte[] sealedSecret)
            {
                Protector = protector;
                Sealed = sealedSecret;
            }

            public ISecretProtector Protector { get; }
            public byte[] Sealed { get; }
        }

        private void DropIdleSessions()
        {
            while (_idle.TryTake(out var idle)) idle.Dispose();
        }

        // One row per token (or one without, for a user who holds none), grouped back into one subject per user.
        private List<Candidate> Query(StoreSession session, string sql, params (string, object?)[] parameters)
        {
            var candidates = new List<Candidate>(1);
            MfaUser? user = null;
            string nameKey = "", bareKey = "";
            long bypassCodesHeld = 0, pendingHeld = 0;
            List<OtpToken>? tokens = null;
            using var reader = session.Command(sql, parameters).ExecuteReader();
            while (reader.Read())
            {
                if (user == null || reader.GetInt64(0) != user.Id)
                {
                    if (user != null) candidates.Add(new Candidate(new LoginSubject(user, tokens!), nameKey, bareKey, bypassCodesHeld, pendingHeld));
                    user = SqlUserStore.Read(reader, 0);
                    nameKey = reader.GetString(KeyOffset);
                    bareKey = reader.GetString(KeyOffset + 1);
                    bypassCodesHeld = reader.GetInt64(KeyOffset + 2);
                    pendingHeld = reader.GetInt64(KeyOffset + 3);
                    tokens = new List<OtpToken>(1);
                }
                if (!reader.IsDBNull(TokenOffset)) tokens!.Add(SqlTokenStore.Read(reader, TokenOffset, _database));
            }
            if (user != null) candidates.Add(new Candidate(new LoginSubject(user, tokens!), nameKey, bareKey, bypassCodesHeld, pendingHeld));
            return candidates;
        }

        private sealed class Candidate
        {
            public Candidate(LoginSubject subject, string nameKey, string bareKey, long bypassCodesHeld, long pendingEnrollmentsHeld)
            {
                PendingEnrollmentsHeld = pendingEnrollmentsHeld;
                Subject = subject;
                NameKey = nameKey;
                BareKey = bareKey;
                BypassCodesHeld = bypassCodesHeld;
            }

            public long BypassCodesHeld { get; }

            public long PendingEnrollmentsHeld { get; }

            public LoginSubject Subject { get; }
            public string NameKey { get; }
            public string BareKey { get; }
        }

        public void Dispose()
        {
            _disposed = true;
            DropIdleSessions();
        }
    }
}
