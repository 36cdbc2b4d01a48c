using System.Collections.Generic;
using System.Data.Common;
using System.Security.Cryptography;
using RasMfa.Engine.Security;

namespace RasMfa.Engine.Storage
{
    /// <summary>The columns that hold sealed secrets, counted and resealed by the format marker in their first octet.</summary>
    internal static class SealedSecretColumns
    {
        // A schema step that adds a sealed column adds it here too: otherwise a lost key file goes unnoticed for it, and a
        // copy between stores would carry it sealed with a key the destination does not have.
        // Each with its table's key, by which a resealed secret is written back, and how an admin names its record.
        private static readonly (string Table, string Column, string Key)[] All =
        {
            ("radius_client", "secret", "name"),
            ("otp_token", "secret", "id"),
            ("upstream_radius_server", "secret", "name"),
            ("directory", "bind_password", "name"),
            ("delivery_provider", "secret", "kind"),
            ("approval_page", "certificate_password", "id"),
            ("bypass_code", "hash_key", "id"),
            ("entra_tenant", "secret", "name"),
        };

        private static readonly (string Table, string Noun, string NameColumn)[] Owners =
        {
            ("radius_client", "RADIUS client", "name"),
            ("otp_token", "token", "serial"),
            ("upstream_radius_server", "upstream RADIUS server", "name"),
            ("directory", "directory", "name"),
            ("delivery_provider", "delivery provider", "kind"),
            ("approval_page", "approval page", "id"),
            ("bypass_code", "bypass code", "id"),
            ("entra_tenant", "Entra tenant", "name"),
        };

        /// <summary>The sealed column of <paramref name="table"/>, or null when it holds none.</summary>
        public static string? SealedColumnOf(string table)
        {
            foreach (var (name, column, _) in All) if (name == table) return column;
            return null;
        }

        /// <summary>How an admin names a record of <paramref name="table"/> ("token 'ABC123'"), from its name column's value.</summary>
        public static (string Noun, string NameColumn) OwnerOf(string table)
        {
            foreach (var (name, noun, nameColumn) in Owners) if (name == table) return (noun, nameColumn);
            throw new System.ArgumentException($"{table} holds no sealed secret.", nameof(table));
        }

        /// <summary>How many secrets are sealed in <paramref name="format"/> (a scan of the few tables that hold secrets).</summary>
        public static long CountSealedAs(DbConnection connection, byte format) => CountSealedAs(connection, null, format);

        /// <summary><see cref="CountSealedAs(DbConnection, byte)"/>, within <paramref name="transaction"/>.</summary>
        public static long CountSealedAs(DbConnection connection, DbTransaction? transaction, byte format)
        {
            long total = 0;
            foreach (var (table, column, _) in All)
            {
                using var command = connection.CreateCommand();
                command.Transaction = transaction;
                command.CommandText = $"SELECT COUNT(*) FROM {table} WHERE substr({column}, 1, 1) = @format";
                StoreDatabase.AddParameter(command, "@format", new[] { format });
                total += (long)command.ExecuteScalar()!;
            }
            return total;
        }

        /// <summary>Tries to unseal up to <paramref name="limit"/> secrets sealed in <paramref name="format"/>: how many were tried, how many opened.</summary>
        public static (int Tried, int Opened) TryUnseal(DbConnection connection, DbTransaction transaction, byte format, ISecretProtector protector, int limit)
        {
            int tried = 0, opened = 0;
            foreach (var (table, column, _) in All)
            {
                if (tried >= limit) break;
                using var select = connection.CreateCommand();
                select.Transaction = transaction;
                select.CommandText = $"SELECT {column} FROM {table} WHERE substr({column}, 1, 1) = @format LIMIT @limit";
                StoreDatabase.AddParameter(select, "@format", new[] { format });
                StoreDatabase.AddParameter(select, "@limit", limit - tried);
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
        public static (int Resealed, int Unreadable) Reseal(DbConnection connection, byte format, ISecretProtector protector)
        {
            using var transaction = connection.BeginTransaction();
            var counts = Reseal(connection, transaction, format, protector, protector);
            transaction.Commit();
            return counts;
        }

        /// <summary>
        /// Unseals every secret sealed in <paramref name="format"/> with <paramref name="from"/> and seals it with
        /// <paramref name="to"/>, in the caller's <paramref name="transaction"/> (a store key's rotation commits it together
        /// with the new key check value and escrow). A secret <paramref name="from"/> cannot open is left as it is and counted.
        /// </summary>
        public static (int Resealed, int Unreadable) Reseal(DbConnection connection, DbTransaction transaction, byte format, ISecretProtector from, ISecretProtector to)
        {
            int resealed = 0, unreadable = 0;
            foreach (var (table, column, key) in All)
            {
                var rows = new List<(object Key, byte[] Sealed)>();
                using (var select = connection.CreateCommand())
                {
                    select.Transaction = transaction;
                    select.CommandText = $"SELECT {key}, {column} FROM {table} WHERE substr({column}, 1, 1) = @format";
                    StoreDatabase.AddParameter(select, "@format", new[] { format });
                    using var reader = select.ExecuteReader();
                    while (reader.Read()) rows.Add((reader.GetValue(0), (byte[])reader.GetValue(1)));
                }
                foreach (var (rowKey, sealedSecret) in rows)
                {
                    byte[] plaintext;
                    try
                    {
                        plaintext = from.Unprotect(sealedSecret);
                    }
                    catch (CryptographicException)
                    {
                        unreadable++;
                        continue;
                    }
                    using var update = connection.CreateCommand();
                    update.Transaction = transaction;
                    update.CommandText = $"UPDATE {table} SET {column} = @sealed WHERE {key} = @key";
                    StoreDatabase.AddParameter(update, "@sealed", to.Protect(plaintext));
                    StoreDatabase.AddParameter(update, "@key", rowKey);
                    update.ExecuteNonQuery();
                    System.Array.Clear(plaintext, 0, plaintext.Length);
                    resealed++;
                }
            }
            return (resealed, unreadable);
        }
    }
}
