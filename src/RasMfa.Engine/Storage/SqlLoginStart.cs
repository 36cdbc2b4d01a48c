using System;
using System.Data.Common;
using RasMfa.Engine.Mfa;
using RasMfa.Engine.Tokens;

namespace RasMfa.Engine.Storage
{
    /// <summary>
    /// A settling write's first statements in one round trip to a database server (PostgreSQL) instead of one each: the
    /// request's key held, the user admitted (their row and the token's locked), and the matched code used up. The code's
    /// use does not wait for the admission's answer: its UPDATE restates, on the rows the statements before it have just
    /// locked, what they would have let through (no other server's answer to the request; the user present, enabled and
    /// holding no lock, not even one run out; the token still theirs), so it changes the token only where the write would have gone on to use it.
    /// A code counts as used only where the admission read in C# agrees as well: never an Accept the separate
    /// statements would have refused. For the login path's common writes only (<see cref="Applies"/>); the rest run one by one.
    /// </summary>
    internal sealed class SqlLoginStart
    {
        private const string TokenIsStillTheirs = " AND user_id = @user";

        // No lock at all, not a lock compared with now: a stored time is compared as text in SQL, and a time stored in another
        // form (an older version's, an admin's edit) could sort as past while it is not (review R12). A user whose lock has
        // run out gets their code used by the separate statement instead, once the admission read in C# has admitted them.
        private const string UserMayTry = " AND EXISTS (SELECT 1 FROM mfa_user WHERE id = @user AND enabled <> 0 AND locked_until_utc IS NULL)";

        /// <summary>
        /// Restated in the admission and the use sent with the hold: a request another server answered locks and changes
        /// nothing of this login's (without it the admission waited on a user's row an admin holds, review R12).
        /// </summary>
        internal const string NotAnsweredElsewhere = " AND NOT EXISTS (SELECT 1 FROM request_decision WHERE request_key = @key AND answer IS NOT NULL)";

        private SqlLoginStart(RequestDecision? held, LoginIneligibility ineligibility, bool? consumed)
        {
            Held = held;
            Ineligibility = ineligibility;
            Consumed = consumed;
        }

        /// <summary>The request's key as held (null: no request).</summary>
        public RequestDecision? Held { get; }

        /// <summary>What the admission found (not read when <see cref="Held"/> has another server's answer).</summary>
        public LoginIneligibility Ineligibility { get; }

        /// <summary>Whether the code was used up; null where its use was not sent here (no code, a bypass code, an enrolment) or not decided here (see <see cref="Run"/>).</summary>
        public bool? Consumed { get; }

        /// <summary>
        /// A write whose first statements need no answer from each other: not spending a challenge (its deletion decides
        /// first), no reservation to give back first, not a decoy; a code attempt (there is an admission to send).
        /// </summary>
        public static bool Applies(StoreDialect dialect, LoginWrite write, DecidedRequest? request) =>
            dialect.SendsStatementsTogether && request?.SpendsState == null && !write.IsDecoy && write.IsCodeAttempt
            && !(write.Reservation is { Admitted: true });

        /// <summary>The token the admission locks and checks: the one an accepting write uses (not a bypass code's, not an enrolment's).</summary>
        public static long? AdmittedToken(LoginWrite write) =>
            write.Accepting && write.Use?.BypassCodeId == null && write.Use?.ConfirmsEnrollmentAs == null ? write.Use?.TokenId : null;

        /// <param name="admission">The admission's statement, with <see cref="NotAnsweredElsewhere"/> where there is a request.</param>
        public static SqlLoginStart Run(StoreSession session, StoreDialect dialect, string admission, LoginWrite write, DecidedRequest? request)
        {
            var nowUtc = write.Lockout?.NowUtc ?? DateTime.UtcNow;
            var tokenId = AdmittedToken(write);
            var statements = new StatementsTogether(session, dialect);
            if (request != null)
            {
                statements.Add(SqlRequestDecisionRows.Hold, SqlRequestDecisionRows.HoldParameters(request));
                statements.Add(admission, ("@id", write.UserId), ("@token", tokenId ?? -1), ("@key", request.Key));
            }
            else
            {
                statements.Add(admission, ("@id", write.UserId), ("@token", tokenId ?? -1));
            }
            if (tokenId != null) AddUse(statements, write, request, nowUtc);
            using var reader = statements.Query();
            RequestDecision? held = null;
            if (request != null)
            {
                reader.Read();
                held = SqlRequestDecisionRows.ReadRow(reader);
                // Answered elsewhere: the statements after the hold changed nothing (the use's guard), and nothing else is read.
                if (held.Answer != null) return new SqlLoginStart(held, LoginIneligibility.None, false);
                reader.NextResult();
            }
            var ineligibility = Admitted(reader, tokenId, nowUtc);
            if (tokenId == null) return new SqlLoginStart(held, ineligibility, null);
            reader.NextResult();
            bool used = reader.Read();
            // Admitted but not used here: a replayed step, a counter moved on, or a lock that has run out; the separate
            // statement decides (null). The use's guard is the stricter test, so the other disagreement cannot happen; were
            // it to, the code stays used and the login refused.
            if (!used && ineligibility == LoginIneligibility.None) return new SqlLoginStart(held, ineligibility, null);
            return new SqlLoginStart(held, ineligibility, used && ineligibility == LoginIneligibility.None);
        }

        /// <summary>
        /// What an admission's row says (the user's enabled and lock, whether they hold the token): not locked is the whole
        /// test of the count, as the lock is set in the same transaction as the failure that reaches the threshold.
        /// </summary>
        public static LoginIneligibility Admitted(DbDataReader reader, long? tokenId, DateTime nowUtc)
        {
            if (!reader.Read()) return LoginIneligibility.UserRemoved;
            if (reader.GetInt64(0) == 0) return LoginIneligibility.Disabled;
            var lockedUntil = StoreDatabase.ReadOptionalTime(reader, 1);
            if (lockedUntil.HasValue && lockedUntil.Value > nowUtc) return LoginIneligibility.Locked;
            if (tokenId.HasValue && reader.GetInt64(2) == 0) return LoginIneligibility.TokenRemoved;
            return LoginIneligibility.None;
        }

        private static void AddUse(StatementsTogether statements, LoginWrite write, DecidedRequest? request, DateTime nowUtc)
        {
            var use = write.Use!;
            var guard = TokenIsStillTheirs + UserMayTry + (request != null ? NotAnsweredElsewhere : "") + " RETURNING id";
            var admitted = new (string, object?)[] { ("@user", write.UserId), ("@now", StoreDatabase.Time(nowUtc)) };
            var unanswered = request != null ? new (string, object?)[] { ("@key", request.Key) } : Array.Empty<(string, object?)>();
            if (use.Type == OtpTokenType.Totp)
            {
                statements.Add(SqlTokenStore.ConsumeTotpStepSql + guard,
                    Concat(new (string, object?)[] { ("@step", use.Position), ("@drift", use.DriftSteps), ("@id", use.TokenId) }, admitted, unanswered));
            }
            else
            {
                statements.Add(SqlTokenStore.AdvanceHotpCounterSql + guard,
                    Concat(new (string, object?)[] { ("@new", use.Position), ("@id", use.TokenId), ("@expected", use.ExpectedCounter) }, admitted, unanswered));
            }
        }

        private static (string, object?)[] Concat(params (string, object?)[][] parts)
        {
            int length = 0;
            foreach (var part in parts) length += part.Length;
            var all = new (string, object?)[length];
            int at = 0;
            foreach (var part in parts)
            {
                part.CopyTo(all, at);
                at += part.Length;
            }
            return all;
        }
    }
}
