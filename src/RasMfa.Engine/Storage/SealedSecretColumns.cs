using System.Collections.Generic;
using System.Security.Cryptography;
using Microsoft.Data.Sqlite;
using RasMfa.Engine.Security;

namespace RasMfa.Engine.Storage
{
    /// <summary>The columns that hold sealed secrets, counted and resealed by the format marker in their first octet.</summary>
    internal static class SealedSecretColumns
    {
        // A schema step that adds a sealed column adds it here too: otherwise a lost key file goes unnoticed for it.
        private static readonly (string Table, string Column)[] All =
        {
            ("radius_client", "secret"),
            ("otp_token", "secret"),
            ("upstream_radius_server", "secret"),
            ("directory", "bind_password"),
        };

        /// <summary>How many secrets are sealed in <paramref name="format"/> (a scan of the few tables that hold secrets).</summary>
        public static long CountSealedAs(SqliteConnection connection, byte format) => CountSealedAs(connection, null, format);

        /// <summary><see cref="CountSealedAs(SqliteConnection, byte)"/>, within <paramref name="transaction"/>.</summary>
        public static long CountSealedAs(SqliteConnection connection, SqliteTransaction? transaction, byte format)
        {
            long total = 0;
            foreach (var (table, column) in All)
            {
                using var command = connection.CreateCommand();
                command.Transaction = transaction;
                command.CommandText = $"SELECT COUNT(*) FROM {table} WHERE substr({column}, 1, 1) = $format";
                command.Parameters.AddWithValue("$format", new[] { format });
                total += (long)command.ExecuteScalar()!;
            }
            return total;
        }

        /// <summary>Tries to unseal up to <paramref name="limit"/> secrets sealed in <paramref name="format"/>: how many were tried, how many opened.</summary>
        public static (int Tried, int Opened) TryUnseal(SqliteConnection connection, SqliteTransaction transaction, byte format, ISecretProtector protector, int limit)
        {
            int tried = 0, opened = 0;
            foreach (var (table, column) in All)
            {
                if (tried >= limit) break;
                using var select = connection.CreateCommand();
                select.Transaction = transaction;
                select.CommandText = $"SELECT {column} FROM {table} WHERE substr({column}, 1, 1) = $format LIMIT $limit";
                select.Parameters.AddWithValue("$format", new[] { format });
                select.Parameters.AddWithValue("$limit", limit - tried);
                using var reader = select.ExecuteReader();
                while (reader.Read())
                {
                    tried++;
                    try
                    {
                        var plaintext = protector.Unprotect((byte[])reader.GetValue(0));
                        System.Array.Clear(plaintext, 0, plaintext.Length);
                        opened++;
                    }
                    catch (System.Exception e) when (e is CryptographicException || e is System.PlatformNotSupportedException)
                    {
                        // Counted as not opened.
                    }
                }
            }
            return (tried, opened);
        }

        /// <summary>
        /// Unseals every secret sealed in <paramref name="format"/> and seals it again with <paramref name="protector"/>,
        /// in one transaction. A secret that cannot be unsealed (sealed on another machine) is left as it is: reading
        /// it still fails with a message naming its owner, where the admin can replace it.
        /// </summary>
        public static (int Resealed, int Unreadable) Reseal(SqliteConnection connection, byte format, ISecretProtector protector)
        {
            int resealed = 0, unreadable = 0;
            using var transaction = connection.BeginTransaction();
            foreach (var (table, column) in All)
            {
                var rows = new List<(long RowId, byte[] Sealed)>();
                using (var select = connection.CreateCommand())
                {
                    select.Transaction = transaction;
                    select.CommandText = $"SELECT rowid, {column} FROM {table} WHERE substr({column}, 1, 1) = $format";
                    select.Parameters.AddWithValue("$format", new[] { format });
                    using var reader = select.ExecuteReader();
                    while (reader.Read()) rows.Add((reader.GetInt64(0), (byte[])reader.GetValue(1)));
                }
                foreach (var (rowId, sealedSecret) in rows)
                {
                    byte[] plaintext;
                    try
                    {
                        plaintext = protector.Unprotect(sealedSecret);
                    }
                    catch (CryptographicException)
                    {
                        unreadable++;
                        continue;
                    }
                    using var update = connection.CreateCommand();
                    update.Transaction = transaction;
                    update.CommandText = $"UPDATE {table} SET {column} = $sealed WHERE rowid = $rowid";
                    update.Parameters.AddWithValue("$sealed", protector.Protect(plaintext));
                    update.Parameters.AddWithValue("$rowid", rowId);
                    update.ExecuteNonQuery();
                    System.Array.Clear(plaintext, 0, plaintext.Length);
                    resealed++;
                }
            }
            transaction.Commit();
            return (resealed, unreadable);
        }
    }
}
