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
        private const string Stale =
            "SELECT relname FROM pg_stat_user_tables WHERE schemaname = current_schema() AND relname IN ('mfa_user', 'otp_token') " +
            "AND n_mod_since_analyze > 50 + n_live_tup / 10 ORDER BY relname";

        /// <summary>ANALYZE of each login table changed much since its last one. Best effort: a role that may not ANALYZE leaves it to autovacuum.</summary>
        public static void GatherForLogins(DbConnection connection)
        {
            var tables = new List<string>(2);
            using (var command = StoreDatabase.Command(connection, null, Stale))
            using (var reader = command.ExecuteReader())
                while (reader.Read()) tables.Add(reader.GetString(0));
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
