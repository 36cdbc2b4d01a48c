using System;
using System.Data.Common;
using System.Linq;
using RasMfa.Engine.Push;

namespace RasMfa.Engine.Storage
{
    /// <summary>One row (id 1): the approval page's listening address, certificate (its password sealed) and public URL.</summary>
    internal sealed class SqlApprovalPageStore : IApprovalPageStore
    {
        private const string Columns = "id, address, port, public_url, certificate_path, certificate_password, modified_utc";
        private readonly StoreDatabase _database;

        public SqlApprovalPageStore(StoreDatabase database) => _database = database;

        public ApprovalPageDefinition? Get() => _database.Query($"SELECT {Columns} FROM approval_page WHERE id = 1", Read).FirstOrDefault();

        public void Set(ApprovalPageDefinition page)
        {
            page.ModifiedUtc = DateTime.UtcNow;
            _database.InTransaction((connection, transaction) =>
            {
                using var command = StoreDatabase.Command(connection, transaction,
                    $"INSERT INTO approval_page ({Columns}) VALUES (1, @address, @port, @url, @path, @password, @modified) " +
                    "ON CONFLICT (id) DO UPDATE SET address = @address, port = @port, public_url = @url, certificate_path = @path, certificate_password = @password, modified_utc = @modified",
                    ("@address", page.Address), ("@port", (long)page.Port), ("@url", page.PublicUrl), ("@path", page.CertificatePath),
                    ("@password", _database.Seal(connection, transaction, page.CertificatePassword ?? new byte[0])), ("@modified", StoreDatabase.Time(page.ModifiedUtc)));
                return command.ExecuteNonQuery();
            }, bumpVersion: true);
        }

        public bool Remove() =>
            _database.InTransaction((connection, transaction) =>
            {
                using var command = StoreDatabase.Command(connection, transaction, "DELETE FROM approval_page WHERE id = 1");
                return command.ExecuteNonQuery() > 0;
            }, bumpVersion: true);

        private ApprovalPageDefinition Read(DbDataReader reader)
        {
            var password = _database.UnprotectOrFlag((byte[])reader.GetValue(5), "approval page certificate password", out var unreadable);
            return new ApprovalPageDefinition(reader.GetString(1), (int)reader.GetInt64(2), reader.GetString(3), StoreDatabase.ReadOptionalText(reader, 4),
                password == null || password.Length == 0 ? null : password)
            {
                Unreadable = unreadable,
                ModifiedUtc = StoreDatabase.ReadTime(reader, 6),
            };
        }
    }
}
