using System.Collections.Generic;
using System.Data.Common;
using Npgsql;

namespace RasMfa.Engine.Storage.PostgreSql
{
    /// <summary>
    /// The planner's statistics of the tables the login read joins (users, tokens), gathered by ANALYZE where autovacuum
    /// would gather them at its next round: a store whose users were just imported has none, and its login read was
    /// planned as a scan of every token.
    /// </summary>
    internal static class PostgreSqlStatistics
    {
        // Never gathered (reltuples -1), or gathered when the table held less than half its rows (an import since): the
        // estimates from then are wrong by the growth. Not mere changes (each login's used step updates otp_token): those leave
        // the estimates right, and are autovacuum's to follow.
        private const string Stale =
            "SELECT c.relname FROM pg_class c JOIN pg_stat_user_tables s ON s.relid = c.oid " +
            "WHERE s.schemaname = current_schema() AND c.relname IN ('mfa_user', 'otp_token') " +
            "AND (c.reltuples < 0 OR s.n_live_tup > 2 * c.reltuples + 50) ORDER BY c.relname";

        /// <summary>ANALYZE of each login table grown much since its statistics were gathered. Best effort: a role that may not ANALYZE leaves it to autovacuum.</summary>
        public static void GatherForLogins(DbConnection connection)
        {
            var tables = new List<string>(2);
            try
            {
                using var command = StoreDatabase.Command(connection, null, Stale);
                using var reader = command.ExecuteReader();
                while (reader.Read()) tables.Add(reader.GetString(0));
            }
            catch (PostgresException)
            {
                // The statistics are an optimisation: a catalogue this role may not read never costs a login its read.
                // (A broken connection is not caught: the login read that follows meets it as the transient fault it is.)
                return;
            }
            foreach (var table in tables)
            {
                try
                {
                    // The names come from the fixed list above, never from input.
                    using var analyze = StoreDatabase.Command(connection, null, "ANALYZE " + table);
                    analyze.ExecuteNonQuery();
                }
                catch (PostgresException)
                {
                    // Not the table's owner (a role granted only the rows): autovacuum gathers them in its time.
                }
            }
        }
    }
}
