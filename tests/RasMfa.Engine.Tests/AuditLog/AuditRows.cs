using System;
using Microsoft.Data.Sqlite;
using RasMfa.Engine.Storage;

namespace RasMfa.Engine.Tests.AuditLog
{
    /// <summary>Many audit records at once, in one transaction, as a busy listener would have written them over time.</summary>
    public static class AuditRows
    {
        public static void Insert(string databasePath, int count, DateTime firstUtc, TimeSpan apart, string userPrefix)
        {
            using var connection = new SqliteConnection($"Data Source={databasePath};Pooling=False");
            connection.Open();
            using var transaction = connection.BeginTransaction();
            using var command = connection.CreateCommand();
            command.Transaction = transaction;
            command.CommandText = "INSERT INTO authentication_log (time_utc, client_name, client_address, user_name, result, reason, method, milliseconds) " +
                "VALUES ($time, 'ras', '192.0.2.10', $user, 'Reject', 'wrong code', 'TOTP/PAP', 1.5)";
            var time = command.Parameters.Add("$time", SqliteType.Text);
            var user = command.Parameters.Add("$user", SqliteType.Text);
            command.Prepare();
            for (int i = 0; i < count; i++)
            {
                time.Value = StoreDatabase.Time(firstUtc + TimeSpan.FromTicks(apart.Ticks * i));
                user.Value = userPrefix + i;
                command.ExecuteNonQuery();
            }
            transaction.Commit();
        }
    }
}
