using System;
using System.Data.Common;

namespace RasMfa.Engine.Storage
{
    /// <summary>
    /// The store key's escrow as the store keeps it (store_key_escrow: one row, the blob <see cref="Security.StoreKeyEscrow"/>
    /// makes, when and on which server). Read without the store's key: a server joining the store has none yet.
    /// </summary>
    internal static class StoreKeyEscrowRows
    {
        public static StoreKeyEscrowRow? Read(DbConnection connection, DbTransaction? transaction)
        {
            using var command = StoreDatabase.Command(connection, transaction, "SELECT blob, created_utc, created_by FROM store_key_escrow WHERE id = 1");
            using var reader = command.ExecuteReader();
            if (!reader.Read()) return null;
            return new StoreKeyEscrowRow((byte[])reader.GetValue(0), StoreDatabase.ReadTime(reader, 1), reader.GetString(2));
        }

        /// <summary>Writes the escrow, replacing the one kept before, in <paramref name="transaction"/>.</summary>
        public static void Write(DbConnection connection, DbTransaction transaction, StoreKeyEscrowRow row)
        {
            using var command = StoreDatabase.Command(connection, transaction,
                "INSERT INTO store_key_escrow (id, created_utc, created_by, blob) VALUES (1, @created, @by, @blob) " +
                "ON CONFLICT (id) DO UPDATE SET created_utc = excluded.created_utc, created_by = excluded.created_by, blob = excluded.blob",
                ("@created", StoreDatabase.Time(row.CreatedUtc)), ("@by", row.CreatedBy), ("@blob", row.Blob));
            command.ExecuteNonQuery();
        }
    }

    /// <summary>One escrow: its blob, and when and where it was made.</summary>
    internal sealed class StoreKeyEscrowRow
    {
        public StoreKeyEscrowRow(byte[] blob, DateTime createdUtc, string createdBy)
        {
            Blob = blob;
            CreatedUtc = createdUtc;
            CreatedBy = createdBy;
        }

        public byte[] Blob { get; }

        public DateTime CreatedUtc { get; }

        public string CreatedBy { get; }
    }
}
