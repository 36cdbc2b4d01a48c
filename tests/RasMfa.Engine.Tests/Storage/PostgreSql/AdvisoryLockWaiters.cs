using System;
using System.Diagnostics;
using System.Threading;
using Npgsql;

namespace RasMfa.Engine.Tests.Storage.PostgreSql
{
    /// <summary>
    /// Review helper: how many sessions of one database wait for an advisory lock (pg_locks), so that a test can order two
    /// operations by what the server says they are doing, not by sleeping.
    /// </summary>
    internal static class AdvisoryLockWaiters
    {
        public static long Count(string connectionString)
        {
            using var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(connectionString) { Pooling = false }.ConnectionString);
            connection.Open();
            using var command = new NpgsqlCommand(
                "SELECT COUNT(*) FROM pg_locks WHERE locktype = 'advisory' AND NOT granted AND database = (SELECT oid FROM pg_database WHERE datname = current_database())",
                connection);
            return (long)command.ExecuteScalar()!;
        }

        /// <summary>Waits until <paramref name="done"/> holds (checked every 20 ms), at most <paramref name="limit"/>; false when it never did.</summary>
        public static bool WaitUntil(Func<bool> done, TimeSpan limit)
        {
            var watch = Stopwatch.StartNew();
            while (!done())
            {
                if (watch.Elapsed > limit) return false;
                Thread.Sleep(20);
            }
            return true;
        }
    }
}
