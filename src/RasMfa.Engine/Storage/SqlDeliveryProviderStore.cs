using System;
using System.Collections.Generic;
using System.Data.Common;
using System.Linq;
using RasMfa.Engine.Delivery;

namespace RasMfa.Engine.Storage
{
    /// <summary>One row per delivery kind; the secret sealed (a provider without one stores a sealed empty value, read back as none).</summary>
    internal sealed class SqlDeliveryProviderStore : IDeliveryProviderStore
    {
        private const string Columns = "kind, provider, settings, secret, created_utc, modified_utc";
        private readonly StoreDatabase _database;

        public SqlDeliveryProviderStore(StoreDatabase database) => _database = database;

        public IReadOnlyList<DeliveryProviderDefinition> List() =>
            _database.Query($"SELECT {Columns} FROM delivery_provider ORDER BY kind", Read).Where(p => p != null).Select(p => p!).ToList();

        public DeliveryProviderDefinition? Get(DeliveryKind kind) =>
            _database.Query($"SELECT {Columns} FROM delivery_provider WHERE kind = @kind", Read, ("@kind", kind.ToString())).FirstOrDefault();

        public void Set(DeliveryProviderDefinition provider)
        {
            provider.ModifiedUtc = DateTime.UtcNow;
            _database.InTransaction((connection, transaction) =>
            {
                using var command = StoreDatabase.Command(connection, transaction,
                    $"INSERT INTO delivery_provider ({Columns}) VALUES (@kind, @provider, @settings, @secret, @created, @modified) " +
                    "ON CONFLICT (kind) DO UPDATE SET provider = @provider, settings = @settings, secret = @secret, modified_utc = @modified",
                    ("@kind", provider.Kind.ToString()), ("@provider", provider.Provider), ("@settings", provider.Settings),
                    ("@secret", _database.Seal(connection, transaction, provider.Secret ?? new byte[0])),
                    ("@created", StoreDatabase.Time(provider.CreatedUtc)), ("@modified", StoreDatabase.Time(provider.ModifiedUtc)));
                command.ExecuteNonQuery();
                return 0;
            }, bumpVersion: true);
        }

        public bool Remove(DeliveryKind kind) =>
            _database.InTransaction((connection, transaction) =>
            {
                using var command = StoreDatabase.Command(connection, transaction, "DELETE FROM delivery_provider WHERE kind = @kind", ("@kind", kind.ToString()));
                return command.ExecuteNonQuery() > 0;
            }, bumpVersion: true);

        // A row of a kind this RasMfa does not know (written by a newer one) is passed over, not an error for the rest.
        private DeliveryProviderDefinition? Read(DbDataReader reader)
        {
            if (!Enum.TryParse<DeliveryKind>(reader.GetString(0), out var kind)) return null;
            var secret = _database.UnprotectOrFlag((byte[])reader.GetValue(3), $"{kind} provider", out var unreadable);
            return new DeliveryProviderDefinition(kind, reader.GetString(1), reader.GetString(2), secret == null || secret.Length == 0 ? null : secret)
            {
                Unreadable = unreadable,
                CreatedUtc = StoreDatabase.ReadTime(reader, 4),
                ModifiedUtc = StoreDatabase.ReadTime(reader, 5),
            };
        }
    }
}
