using System;
using System.Collections.Generic;
using RasMfa.Engine.Configuration;
using RasMfa.Engine.Mfa.Methods;
using RasMfa.Engine.Mfa.OutOfBand;
using RasMfa.Engine.Users;
using RasMfa.Engine.Clients;

namespace RasMfa.Engine.Storage
{
    /// <summary>
    /// The send counters of the out-of-band abuse limits (<see cref="ISendLimits"/>): one row per scope (all sends, a
    /// client's, a user's by one method) and fixed window. A send is counted in every scope only if none is full: each
    /// counter is raised by a conditional upsert, whose row the transaction then holds (PostgreSQL), so that servers
    /// sharing the store count one after another; one found full undoes the raises before it in the same transaction.
    /// Rows are taken global, client, user, the same order on every server, and before the batch's user rows (WriteOrder 0).
    /// Fixed windows: at a window's edge up to twice a limit may go out within one window's length, a bound the docs state.
    /// </summary>
    internal static class SqlSendWindowRows
    {
        private const string Raise =
            "INSERT INTO send_window (scope, window_start, sends, expires) VALUES (@scope, @start, 1, @expires) " +
            "ON CONFLICT (scope, window_start) DO UPDATE SET sends = send_window.sends + 1 WHERE send_window.sends < @limit RETURNING sends";

        private const string Lower = "UPDATE send_window SET sends = sends - 1 WHERE scope = @scope AND window_start = @start";

        private const string PurgeExpired =
            "DELETE FROM send_window WHERE (scope, window_start) IN (SELECT scope, window_start FROM send_window WHERE expires <= @now LIMIT @batch)";

        public static SendAllowance TryCount(StoreSession session, long userId, MethodKind method, string clientName, DateTime nowUtc, MfaSettings settings)
        {
            var scopes = new (string Scope, int Limit, int WindowSeconds, SendAllowance Stops)[]
            {
                ("all", settings.SendLimitGlobalPerMinute, 60, SendAllowance.GlobalLimit),
                ("client:" + clientName.ToUpperInvariant(), settings.SendLimitPerClientPerMinute, 60, SendAllowance.ClientLimit),
                ("user:" + userId + ":" + method, settings.SendLimitPerUser, settings.SendLimitPerUserMinutes * 60, SendAllowance.UserLimit),
            };
            long now = UnixSeconds(nowUtc);
            var raised = new List<(string Scope, long Start)>(scopes.Length);
            foreach (var (scope, limit, windowSeconds, stops) in scopes)
            {
                long start = now - now % windowSeconds;
                var sends = session.Command(Raise, ("@scope", scope), ("@start", start), ("@expires", start + windowSeconds), ("@limit", (long)limit)).ExecuteScalar();
                if (sends == null || sends is DBNull)
                {
                    foreach (var (done, doneStart) in raised) session.Command(Lower, ("@scope", done), ("@start", doneStart)).ExecuteNonQuery();
                    return stops;
                }
                raised.Add((scope, start));
            }
            return SendAllowance.Allowed;
        }

        public static int Purge(StoreSession session, DateTime nowUtc, int batch) =>
            session.Command(PurgeExpired, ("@now", UnixSeconds(nowUtc)), ("@batch", (long)batch)).ExecuteNonQuery();

        private static long UnixSeconds(DateTime utc) => (utc.Ticks - 621355968000000000L) / TimeSpan.TicksPerSecond;
    }
}
