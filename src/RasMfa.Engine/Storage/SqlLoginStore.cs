using System;
using System.Data.Common;
using System.Linq;
using System.Threading.Tasks;
using RasMfa.Engine.Audit;
using RasMfa.Engine.Mfa;
using RasMfa.Engine.Tokens;
using RasMfa.Engine.Users;
using RasMfa.Engine.Clients;

namespace RasMfa.Engine.Storage
{
    /// <summary>The login path: pooled prepared reads, and writes through the dialect's login write queue (SQLite: group commit).</summary>
    internal sealed class SqlLoginStore : ILoginStore, Mfa.OutOfBand.ISendLimits, IDisposable
    {
        private readonly StoreDatabase _database;
        private readonly SqlLoginReader _reader;
        private readonly Lazy<ILoginWriteQueue> _queue;

        // Statements with dialect fragments, made once: the text is also the key of each session's prepared command.
        private readonly string _giveBack;
        private readonly string _admission;
        private readonly string _admissionUnlessAnswered;
        private readonly string _auditInsert;
        private readonly bool _auditInSavepoint;

        public SqlLoginStore(StoreDatabase database)
        {
            _database = database;
            _reader = new SqlLoginReader(database);
            _queue = new Lazy<ILoginWriteQueue>(() => database.Dialect.CreateLoginWriteQueue(database));
            var dialect = database.Dialect;
            _giveBack = "UPDATE mfa_user SET failed_attempts = " + dialect.Greatest("failed_attempts - 1", "0") + ", " +
                "locked_until_utc = CASE WHEN locked_until_utc = @set THEN NULL ELSE locked_until_utc END WHERE id = @id";
            // The user's row and the token's are both locked (PostgreSQL): an admin's reassignment of the token waits, or is seen.
            _admission = Admission(dialect, "");
            _admissionUnlessAnswered = Admission(dialect, SqlLoginStart.NotAnsweredElsewhere);
            // Where a failed statement spoils the transaction (PostgreSQL), the audit record goes in a savepoint of its own,
            // set, written and released in one round trip; SQLite undoes only the failed statement by itself.
            _auditInSavepoint = dialect.FailedStatementSpoilsTransaction;
            _auditInsert = _auditInSavepoint ? "SAVEPOINT audit_record; " + SqlAuditLog.InsertSql + "; RELEASE SAVEPOINT audit_record" : SqlAuditLog.InsertSql;
        }

        // The user's row and the token's, locked for this write: whether the user may try and still holds the token.
        private static string Admission(StoreDialect dialect, string condition) =>
            "SELECT enabled, locked_until_utc, (SELECT COUNT(*) FROM (SELECT id FROM otp_token WHERE id = @token AND user_id = @id" + dialect.LockForWrite +
            ") AS held) FROM mfa_user WHERE id = @id" + condition + dialect.LockForWrite;

        public LoginLookup Find(string requestedName) => _reader.Find(requestedName);

        public LoginLookup FindByNames(System.Collections.Generic.IReadOnlyCollection<string> names) => _reader.FindByNames(names);

        /// <summary>Durable commits of the login path so far.</summary>
        internal long Commits => _queue.IsValueCreated ? _queue.Value.Commits : 0;

        public Task<LoginSettlement> SettleAsync(LoginWrite write, DecidedRequest? request, Func<LoginSettlement, LoginRecord> describe) =>
            Enqueue(session =>
            {
                // First the request's key, held for this write (see SqlRequestDecisionRows): another server's answer to the
                // same request means this login writes nothing of its own, and its reserved attempt goes back, whatever its
                // password was: that server's write counted the attempt.
                // PostgreSQL: the hold, the admission and the code's use in one round trip, where none waits on another's answer.
                var start = SqlLoginStart.Applies(_database.Dialect, write, request) ? SqlLoginStart.Run(session, _database.Dialect, request != null ? _admissionUnlessAnswered : _admission, write, request) : null;
                var held = start != null ? start.Held : request == null ? null : SqlRequestDecisionRows.HoldForSettle(session, request);
                if (held?.Answer != null)
                {
                    if (write.Reservation is { Admitted: true, UserId: not 0 } reserved) GiveBack(session, reserved);
                    return LoginSettlement.Elsewhere(held.Answer);
                }
                // The write's last statements, whose row counts nobody reads, go to PostgreSQL in one round trip (kept from
                // Apply on: a count cleared), the audit record last, in its savepoint; SQLite runs each as it comes.
                var tail = new StatementsTogether(session, _database.Dialect);
                // The write that deletes the challenge is the one that may use it.
                var settlement = request?.SpendsState != null && !SqlChallengeRows.TrySpend(session, request.SpendsState)
                    ? LoginSettlement.StateGone()
                    : Apply(session, write, tail, start);
                var record = describe(settlement);
                if (request != null)
                {
                    if (record.Opens != null) SqlChallengeRows.Open(tail, record.Opens, request.ServerId);
                    SqlRequestDecisionRows.Record(tail, request, record.Answer);
                }
                if (session.AuditBatch is { } batch)
                {
                    // SQLite's group commit: inserted with the batch's other records after the last login's write, in this
                    // write's transaction; undone with this write if it fails, refused alone (AuditError) by a constraint.
                    tail.Execute();
                    batch.Add(record.Audit, settlement);
                    return settlement;
                }
                try
                {
                    // PostgreSQL: a constraint broken before the audit record's savepoint (a challenge's State taken, not
                    // seen in practice) finds no savepoint to roll back to, and fails this write alone.
                    tail.Add(_auditInsert, SqlAuditLog.InsertParameters(record.Audit));
                    tail.Execute();
                }
                catch (DbException e) when (_database.Dialect.IsConstraintViolation(e))
                {
                    // Only the insert is undone: the code stays used and the failure counted; the record is lost, and said so.
                    // Released too: the next login's write in the same batch sets its own.
                    if (_auditInSavepoint) session.Command("ROLLBACK TO SAVEPOINT audit_record; RELEASE SAVEPOINT audit_record").ExecuteNonQuery();
                    settlement.AuditError = e;
                }
                return settlement;
            }, new WriteOrder(write.UserId != 0 ? write.UserId : write.Reservation?.UserId ?? 0, request?.Key));

        public Task<RequestDecision> ClaimAsync(DecidedRequest request, TimeSpan lease) =>
            Enqueue(session => SqlRequestDecisionRows.ClaimAndRead(session, request, lease), new WriteOrder(0, request.Key));

        public RequestDecision? FindDecision(byte[] requestKey) => _reader.Read(session => SqlRequestDecisionRows.Find(session, requestKey));

        public PendingChallenge? FindChallenge(byte[] state) => _reader.Read(session => SqlChallengeRows.Find(session, state));

        public ChallengeCounts CountChallenges(DateTime nowUtc) => _reader.Read(session => SqlChallengeRows.Count(session, nowUtc));

        // Each batch one write of the login path's, queued between logins.
        public Task<int> PurgeExpiredAsync(DateTime nowUtc, int batch) =>
            Enqueue(session => SqlChallengeRows.Purge(session, nowUtc, batch) + SqlRequestDecisionRows.Purge(session, nowUtc, batch)
                + SqlSendWindowRows.Purge(session, nowUtc, batch) + SqlPushApprovalStore.Purge(session, nowUtc, batch)
                + SqlPendingEnrollmentRows.Purge(session, _database.Dialect, nowUtc, batch), WriteOrder.Last);

        // A write of its own, queued among the logins', ordered before their user rows (see SqlSendWindowRows).
        public Task<Mfa.OutOfBand.SendAllowance> TryCountAsync(long userId, Clients.MethodKind method, string clientName, DateTime nowUtc, Configuration.MfaSettings settings) =>
            Enqueue(session => SqlSendWindowRows.TryCount(session, userId, method, clientName, nowUtc, settings), new WriteOrder(0));

        public Task<AttemptReservation> ReserveAttemptAsync(long userId, LockoutPolicy lockout) => Enqueue(session => Reserve(session, userId, lockout), new WriteOrder(userId));

        // By user, as batches are ordered: the users' rows are locked in the order every server locks them.
        public Task GiveBackAsync(System.Collections.Generic.IReadOnlyCollection<AttemptReservation> reservations)
        {
            var byUser = reservations.Where(reserved => reserved.Admitted && reserved.UserId != 0).OrderBy(reserved => reserved.UserId).ToList();
            return Enqueue(session =>
            {
                foreach (var reserved in byUser) GiveBack(session, reserved);
                return true;
            }, new WriteOrder(byUser.Count > 0 ? byUser[0].UserId : 0));
        }

        /// <summary>How long a login's write may wait for the store (StoreWriteTimeoutSeconds, as the listener has it loaded).</summary>
        public Func<TimeSpan> WriteTimeout { get; set; } = () => TimeSpan.FromSeconds(new Configuration.MfaSettings().StoreWriteTimeoutSeconds);

        // A login's write, bounded in time: a store whose write lock another process holds fails it (StoreWriteTimedOut)
        // instead of keeping the RADIUS client waiting past its own timeout.
        private Task<T> Enqueue<T>(Func<StoreSession, T> work, WriteOrder order) => _queue.Value.Enqueue(work, WriteTimeout(), order);

        // Runs in the writer's transaction, which takes SQLite's write lock at its start (BEGIN IMMEDIATE; elsewhere
        // Admission locks the user's row): the writes of this process's other logins and of other servers wait, so what
        // Admission reads is what this write changes. A code attempt is admitted before its outcome counts: of any number of codes sent at once, at
        // most the lockout threshold are decided on their code, and the rest are refused as locked.
        private LoginSettlement Apply(StoreSession session, LoginWrite write, StatementsTogether tail, SqlLoginStart? start)
        {
            var reserved = write.Reservation;
            if (reserved != null && reserved.Admitted)
            {
                if (write.KeepsReservation) return new LoginSettlement(false, KeepReservedFailure(session, reserved.UserId, write.Lockout ?? reserved.Lockout));
                GiveBack(session, reserved);
                // Admitted again as a code is: passwords sent with this one may have locked the user while it was checked. The
                // login's user, which is another when the account that logged in is another stored user's (AccountMatchStage).
                var since = Admission(session, write.AdmittedUserId, null, reserved.Lockout.NowUtc);
                if (since != LoginIneligibility.None) return new LoginSettlement(false, null, since);
            }
            if (write.IsDecoy) return WriteAsAWrongCode(session, write.Lockout?.NowUtc ?? DateTime.UtcNow);
            // The user was read when the login began; a lock, a disable or a token removed since (a mailed enrolment is
            // checked by its own confirmation instead: still pending, and the user still holding no token) (a login held by a slow
            // first factor, or waiting in this batch, or another server's) stops the attempt, and an Accept never lifts a lock.
            var ineligible = start != null ? start.Ineligibility
                : write.IsCodeAttempt ? Admission(session, write.UserId, SqlLoginStart.AdmittedToken(write), write.Lockout?.NowUtc ?? DateTime.UtcNow)
                : LoginIneligibility.None;
            if (ineligible != LoginIneligibility.None) return new LoginSettlement(false, null, ineligible);
            bool consumed = write.Accepting && (write.Use == null || (start?.Consumed ?? Consume(session, write)));
            if (consumed) tail.Add(SqlUserStore.ClearFailuresSql, ("@id", write.UserId));
            var lockout = write.Lockout;
            var counted = !consumed && lockout != null ? CountFailure(session, write.UserId, lockout) : null;
            return new LoginSettlement(consumed, counted);
        }

        // The attempt is admitted as a code's is, and its failure counted now, locking at the threshold (RecordFailure): the
        // next reservation finds the lock, so no more than the threshold are ever checked. A crash before the login's own
        // write leaves the failure counted, which is the safe side. Nobody's (0) writes the decoy row instead.
        private AttemptReservation Reserve(StoreSession session, long userId, LockoutPolicy lockout)
        {
            if (userId == 0)
            {
                WriteAsAWrongCode(session, lockout.NowUtc);
                return new AttemptReservation(0, lockout, LoginIneligibility.None, null);
            }
            var refused = Admission(session, userId, null, lockout.NowUtc);
            if (refused != LoginIneligibility.None) return new AttemptReservation(userId, lockout, refused, null);
            var counted = CountFailure(session, userId, lockout);
            if (counted == null) return new AttemptReservation(userId, lockout, LoginIneligibility.UserRemoved, null);
            return new AttemptReservation(userId, lockout, LoginIneligibility.None, counted.FailedAttempts >= lockout.Threshold ? lockout.NowUtc + lockout.LockFor : (DateTime?)null);
        }

        // A right password (or one not checked): its count goes, and the lock it set, unless that lock has changed since.
        private void GiveBack(StoreSession session, AttemptReservation reserved) =>
            session.Execute(_giveBack,
                ("@set", reserved.LockSetUtc.HasValue ? StoreDatabase.Time(reserved.LockSetUtc.Value) : null), ("@id", reserved.UserId));

        // A wrong password: counted by its reservation already; the lock set if the count has reached the threshold (the
        // threshold lowered meanwhile, or the lock given back by a right password checked at the same time).
        private Users.MfaUser? KeepReservedFailure(StoreSession session, long userId, LockoutPolicy lockout)
        {
            session.Execute(
                "UPDATE mfa_user SET locked_until_utc = @until WHERE id = @id AND failed_attempts >= @threshold AND (locked_until_utc IS NULL OR locked_until_utc <= @now)",
                ("@until", StoreDatabase.Time(lockout.NowUtc + lockout.LockFor)), ("@id", userId), ("@threshold", lockout.Threshold),
                ("@now", StoreDatabase.Time(lockout.NowUtc)));
            using var reader = session.Query($"SELECT {SqlUserStore.Columns} FROM mfa_user WHERE id = @id", ("@id", userId));
            return reader.Read() ? SqlUserStore.Read(reader, 0) : null;
        }

        // A decoy's code: the statements of a real wrong code (admission, the count written and read back), on the decoy
        // row, so that its commit writes as many pages and takes as long; no user changes.
        private LoginSettlement WriteAsAWrongCode(StoreSession session, DateTime nowUtc)
        {
            Admission(session, 0, null, nowUtc);
            session.Execute("UPDATE decoy_attempts SET attempts = attempts + 1, last_utc = @now WHERE id = 1", ("@now", StoreDatabase.Time(nowUtc)));
            using (var reader = session.Query("SELECT attempts, last_utc FROM decoy_attempts WHERE id = 1")) reader.Read();
            return new LoginSettlement(false, null);
        }

        // Not locked is the whole test of the count: the lock is set in the same transaction as the failure that reaches
        // the threshold, and once it runs out one more attempt is admitted (whose failure locks again at once).
        private LoginIneligibility Admission(StoreSession session, long userId, long? tokenId, DateTime nowUtc)
        {
            using var reader = session.Query(_admission, ("@id", userId), ("@token", tokenId ?? -1));
            return SqlLoginStart.Admitted(reader, tokenId, nowUtc);
        }

        private bool Consume(StoreSession session, LoginWrite write)
        {
            var use = write.Use!;
            if (use.ConfirmsEnrollmentAs != null) return SqlPendingEnrollmentRows.Confirm(session, _database.Dialect, use, write.UserId, write.Lockout?.NowUtc ?? DateTime.UtcNow);
            if (use.BypassCodeId is long codeId) return SqlBypassCodeRows.UseOne(session, codeId, write.UserId, write.Lockout?.NowUtc ?? DateTime.UtcNow);
            return use.Type == OtpTokenType.Totp
                ? SqlTokenStore.ConsumeTotpStep(session, use.TokenId, use.Position, use.DriftSteps)
                : SqlTokenStore.AdvanceHotpCounter(session, use.TokenId, use.ExpectedCounter, use.Position);
        }

        private static Users.MfaUser? CountFailure(StoreSession session, long userId, LockoutPolicy lockout)
        {
            try
            {
                return SqlUserStore.RecordFailure(session, userId, lockout.Threshold, lockout.LockFor, lockout.NowUtc);
            }
            catch (StoreException)
            {
                // The user was removed while logging in: nothing to count, and the other logins in the batch must still commit.
                return null;
            }
        }

        public void Dispose()
        {
            if (_queue.IsValueCreated) _queue.Value.Dispose();
            _reader.Dispose();
        }
    }
}
