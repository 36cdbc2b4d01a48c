using System;
using System.Collections.Generic;
using System.Globalization;
using RasMfa.Engine.Configuration;
using RasMfa.Engine.Mfa;
using RasMfa.Engine.Tokens;

namespace RasMfa.Engine.Storage
{
    /// <summary>
    /// The login path's statements for mailed enrolments (unassigned ENROL-{user id}-* tokens): whether a user has one, as a
    /// column of the login's one read; the user's pending tokens; the confirmation taken in the login's write; the
    /// listener's cleanup of expired ones. Each finds the user's rows by a range of the serial index.
    /// </summary>
    internal static class SqlPendingEnrollmentRows
    {
        /// <summary>
        /// How many pending enrolments the user has (u: the user's row), as a column of the login's one read: a range of the
        /// serial index alone (an ENROL- serial is never assigned: a confirmation renames it), so that the unassigned spare
        /// tokens are not scanned at every login.
        /// </summary>
        public static string HeldColumn(StoreDialect dialect) =>
            "(SELECT COUNT(*) FROM otp_token p WHERE" +
            $" {dialect.AsIndexedName("p.serial")} >= {dialect.AsIndexedName("'" + Prefix + "' || u.id || '-'")}" +
            $" AND {dialect.AsIndexedName("p.serial")} < {dialect.AsIndexedName("'" + Prefix + "' || u.id || '.'")})";

        private const string Prefix = "ENROL-";

        private static string OfUser(StoreDialect dialect, string alias) =>
            $"{alias}user_id IS NULL AND {dialect.AsIndexedName(alias + "serial")} >= {dialect.AsIndexedName("CAST(@first AS TEXT)")}" +
            $" AND {dialect.AsIndexedName(alias + "serial")} < {dialect.AsIndexedName("CAST(@after AS TEXT)")}";

        /// <summary>The user's pending enrolments, their secrets unsealed (expiry is the method's to judge, by the login's clock).</summary>
        public static IReadOnlyList<OtpToken> Read(StoreSession session, StoreDatabase database, long userId)
        {
            var (first, after) = PendingEnrollmentSerial.RangeFor(userId);
            var tokens = new List<OtpToken>(1);
            using var reader = session.Command(
                $"SELECT {SqlTokenStore.Columns} FROM otp_token t LEFT JOIN mfa_user u ON u.id = t.user_id WHERE {OfUser(database.Dialect, "t.")} AND t.type = 'Totp' ORDER BY t.id",
                ("@first", first), ("@after", after)).ExecuteReader();
            while (reader.Read()) tokens.Add(SqlTokenStore.Read(reader, 0, database));
            return tokens;
        }

        /// <summary>
        /// In the login's write: the pending token becomes the user's TOTP token (a serial of its own, the code's step used
        /// up), if it is still pending (not confirmed by another server's login, the help desk, or removed), was sent after
        /// its lifetime's start, and the user still holds no token, usable bypass code or other method. False otherwise: the code then counts as a replayed one.
        /// </summary>
        public static bool Confirm(StoreSession session, StoreDialect dialect, CodeUse use, long userId, DateTime nowUtc)
        {
            var (first, after) = PendingEnrollmentSerial.RangeFor(userId);
            return session.Command(
                "UPDATE otp_token SET user_id = @user, serial = @serial, last_used_step = @step, drift_steps = @drift, created_utc = @now" +
                $" WHERE id = @id AND {OfUser(dialect, "")} AND created_utc > @sentAfter" +
                " AND NOT EXISTS (SELECT 1 FROM otp_token held WHERE held.user_id = @user)" +
                // Nor a bypass code or a method flagged since the login read the user (even one without an address yet).
                " AND NOT EXISTS (SELECT 1 FROM bypass_code b WHERE b.user_id = @user AND b.uses_left > 0 AND b.expires_utc > @now)" +
                " AND NOT EXISTS (SELECT 1 FROM mfa_user flagged WHERE flagged.id = @user AND COALESCE(flagged.methods, '') <> '')",
                ("@user", userId), ("@serial", use.ConfirmsEnrollmentAs), ("@step", use.Position), ("@drift", use.DriftSteps),
                ("@now", StoreDatabase.Time(nowUtc)), ("@id", use.TokenId), ("@first", first), ("@after", after),
                ("@sentAfter", StoreDatabase.Time(use.EnrollmentSentAfterUtc))).ExecuteNonQuery() == 1;
        }

        /// <summary>
        /// Removes up to <paramref name="batch"/> pending enrolments past EnrollmentPendingHours (as stored; the default when
        /// unset): they never confirm, and their secrets need not stay. A stored value this build cannot read purges nothing.
        /// </summary>
        public static int Purge(StoreSession session, StoreDialect dialect, DateTime nowUtc, int batch)
        {
            object? stored;
            using (var read = session.Command("SELECT value FROM setting WHERE name = @name", ("@name", nameof(MfaSettings.EnrollmentPendingHours))).ExecuteReader())
                stored = read.Read() ? read.GetValue(0) : null;
            int hours = new MfaSettings().EnrollmentPendingHours;
            if (stored != null && !int.TryParse(Convert.ToString(stored, CultureInfo.InvariantCulture), NumberStyles.Integer, CultureInfo.InvariantCulture, out hours)) return 0;
            if (hours < 1 || hours > MfaSettings.MaxEnrollmentPendingHours) return 0;
            return session.Command(
                "DELETE FROM otp_token WHERE id IN (SELECT id FROM otp_token WHERE user_id IS NULL AND " +
                $"{dialect.AsIndexedName("serial")} >= {dialect.AsIndexedName("'" + Prefix + "'")} AND {dialect.AsIndexedName("serial")} < {dialect.AsIndexedName("'ENROL.'")}" +
                " AND created_utc <= @sentBefore LIMIT @batch)",
                ("@sentBefore", StoreDatabase.Time(nowUtc - TimeSpan.FromHours(hours))), ("@batch", (long)batch)).ExecuteNonQuery();
        }
    }
}
