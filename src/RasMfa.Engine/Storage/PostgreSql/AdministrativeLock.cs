using System;
using System.Data.Common;
using System.Globalization;

namespace RasMfa.Engine.Storage.PostgreSql
{
    /// <summary>
    /// The advisory lock that schema steps, the store key's first sealing and administrative writes take in turn, bounded at
    /// both ends: a transaction that holds it and then idles (a paused pwsh, a laptop put to sleep mid-command) is ended by
    /// the server after <see cref="AdministrativeLimits.IdleInTransaction"/>, which frees the lock, and a transaction waiting
    /// for it gives up after <see cref="AdministrativeLimits.Wait"/> with StoreBusy, naming the session that holds it. Both are set for the transaction only
    /// (SET LOCAL), and only where the session has none: an admin's own value (Options=-c lock_timeout=... in the connection
    /// string, ALTER ROLE ... SET, postgresql.conf) wins.
    /// </summary>
    internal static class AdministrativeLock
    {
        /// <summary>The lock's key: "RasMfa" in ASCII.</summary>
        public const long Key = 0x52_61_73_4D_66_61;

        public const string BusyErrorId = "StoreBusy";

        private const string Savepoint = "rasmfa_administrative_lock";

        /// <summary>Takes the lock for the rest of <paramref name="transaction"/>, or throws StoreBusy.</summary>
        public static void Take(DbConnection connection, DbTransaction transaction, AdministrativeLimits? limits = null)
        {
            var (idleInTransaction, wait) = limits ?? AdministrativeLimits.Default;
            // Set only where nobody chose a value: pg_settings.source says 'default' then. A value set anywhere (the connection
            // string's Options, ALTER ROLE, postgresql.conf, a SET), even an explicit 0 (no limit), is what was asked and stays.
            Execute(connection, transaction,
                "SELECT CASE WHEN (SELECT source FROM pg_settings WHERE name = 'idle_in_transaction_session_timeout') = 'default' " +
                $"THEN set_config('idle_in_transaction_session_timeout', '{Milliseconds(idleInTransaction)}', true) END, " +
                "CASE WHEN (SELECT source FROM pg_settings WHERE name = 'lock_timeout') = 'default' " +
                $"THEN set_config('lock_timeout', '{Milliseconds(wait)}', true) END");
            // A failed statement spoils the transaction: the savepoint lets it be asked, after the wait, who holds the lock.
            Execute(connection, transaction, "SAVEPOINT " + Savepoint);
            try
            {
                Execute(connection, transaction, $"SELECT pg_advisory_xact_lock({Key})");
            }
            catch (DbException e) when (PostgreSqlErrors.IsTimeout(e))
            {
                Execute(connection, transaction, "ROLLBACK TO SAVEPOINT " + Savepoint);
                throw Busy(Holder(connection, transaction), Setting(connection, transaction, "lock_timeout"), Setting(connection, transaction, "idle_in_transaction_session_timeout"), e);
            }
            Execute(connection, transaction, "RELEASE SAVEPOINT " + Savepoint);
        }

        /// <summary>
        /// The session holding the lock as pg_stat_activity shows it (application, address, process id, state and for how
        /// long), or null when it let go meanwhile or this account may not see it. Its application name is any session's to
        /// set, but PostgreSQL keeps only printable ASCII in it (the rest becomes '?'): nothing in it can drive a terminal.
        /// </summary>
        private static string? Holder(DbConnection connection, DbTransaction transaction)
        {
            // A bigint advisory key is shown as classid (its high half) and objid (its low half), objsubid 1; both are oids (unsigned).
            using var command = StoreDatabase.Command(connection, transaction,
                "SELECT a.pid, COALESCE(a.application_name, ''), COALESCE(host(a.client_addr), 'a local socket'), COALESCE(a.state, 'unknown'), " +
                "COALESCE(EXTRACT(EPOCH FROM clock_timestamp() - a.state_change), 0)::bigint " +
                "FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid " +
                "WHERE l.locktype = 'advisory' AND l.granted AND l.objsubid = 1 AND l.classid::bigint = @high AND l.objid::bigint = @low " +
                "AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database())",
                ("@high", (long)(Key >> 32)), ("@low", Key & 0xFFFF_FFFFL));
            using var reader = command.ExecuteReader();
            if (!reader.Read()) return null;
            var application = reader.GetString(1);
            return string.Format(CultureInfo.InvariantCulture, "process {0} on the database server ({1}from {2}), {3} for {4} s",
                reader.GetInt32(0), application.Length == 0 ? "" : $"'{application}' ", reader.GetString(2), reader.GetString(3), reader.GetInt64(4));
        }

        private static StoreException Busy(string? holder, string waited, string idleLimit, Exception error)
        {
            var who = holder == null ? "another session" : "another session: " + holder;
            var idle = idleLimit == "0" ? "" : $" PostgreSQL ends a session left idle in its transaction after {idleLimit}, which frees the lock.";
            return new StoreException(StoreErrorKind.Unavailable, BusyErrorId,
                $"The store is busy: its administrative lock (schema steps, key changes and administrative writes take it in turn) is held by {who}. " +
                $"Waited {waited}; nothing was written. Try again when it is done.{idle}", error);
        }

        private static string Setting(DbConnection connection, DbTransaction transaction, string name)
        {
            using var command = StoreDatabase.Command(connection, transaction, $"SELECT current_setting('{name}')");
            return (string)command.ExecuteScalar()!;
        }

        private static string Milliseconds(TimeSpan span) => ((long)span.TotalMilliseconds).ToString(CultureInfo.InvariantCulture);

        private static void Execute(DbConnection connection, DbTransaction transaction, string sql)
        {
            using var command = StoreDatabase.Command(connection, transaction, sql);
            command.ExecuteNonQuery();
        }
    }

    /// <summary>The bounds of <see cref="AdministrativeLock"/>; the session's own values, where set, win over them.</summary>
    internal sealed class AdministrativeLimits
    {
        /// <summary>
        /// A minute idle in a transaction holding the lock (no administrative transaction waits for a person: prompts come
        /// before it), and 15 s waiting for it: under the command timeout the dialect sets (20 s), so that the refusal says why.
        /// </summary>
        public static readonly AdministrativeLimits Default = new AdministrativeLimits(TimeSpan.FromSeconds(60), TimeSpan.FromSeconds(15));

        public AdministrativeLimits(TimeSpan idleInTransaction, TimeSpan wait)
        {
            IdleInTransaction = idleInTransaction;
            Wait = wait;
        }

        /// <summary>How long a transaction holding the lock may sit idle before the server ends its session (idle_in_transaction_session_timeout).</summary>
        public TimeSpan IdleInTransaction { get; }

        /// <summary>How long a transaction waits for the lock (lock_timeout) before StoreBusy.</summary>
        public TimeSpan Wait { get; }

        public void Deconstruct(out TimeSpan idleInTransaction, out TimeSpan wait)
        {
            idleInTransaction = IdleInTransaction;
            wait = Wait;
        }
    }
}
