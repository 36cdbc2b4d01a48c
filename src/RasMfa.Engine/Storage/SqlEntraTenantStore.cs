using System;
using System.Collections.Generic;
using System.Data.Common;
using System.Linq;
using RasMfa.Engine.Entra;

namespace RasMfa.Engine.Storage
{
    /// <summary>Entra tenants; the client secret or PFX password sealed (a sealed empty value when there is none, read back as none).</summary>
    internal sealed class SqlEntraTenantStore : IEntraTenantStore
    {
        private const string Columns = "name, tenant_id, client_id, cloud, credential_kind, certificate_thumbprint, certificate_path, secret, sync_scopes, created_utc, modified_utc, sync_state, sync_interval_minutes, last_sync_utc";
        private readonly StoreDatabase _database;

        public SqlEntraTenantStore(StoreDatabase database) => _database = database;

        public IReadOnlyList<EntraTenantDefinition> List() =>
            _database.Query($"SELECT {Columns} FROM entra_tenant ORDER BY {_database.Dialect.SortedByName("name")}", Read).Where(t => t != null).Select(t => t!).ToList();

        public EntraTenantDefinition? Get(string name) =>
            _database.Query($"SELECT {Columns} FROM entra_tenant WHERE {_database.Dialect.NameEquals("name", "@name")}", Read, ("@name", name)).FirstOrDefault();

        public void Add(EntraTenantDefinition tenant) =>
            Write(tenant, $"INSERT INTO entra_tenant ({Columns}) VALUES (@name, @tenant, @client, @cloud, @kind, @thumbprint, @path, @secret, @scopes, @created, @modified, @state, @interval, @lastSync)", null);

        public void Update(string existingName, EntraTenantDefinition tenant)
        {
            tenant.ModifiedUtc = DateTime.UtcNow;
            Write(tenant, "UPDATE entra_tenant SET name = @name, tenant_id = @tenant, client_id = @client, cloud = @cloud, credential_kind = @kind, " +
                "certificate_thumbprint = @thumbprint, certificate_path = @path, secret = @secret, sync_scopes = @scopes, modified_utc = @modified, " +
                "sync_state = @state, sync_interval_minutes = @interval, last_sync_utc = @lastSync WHERE " +
                _database.Dialect.NameEquals("name", "@existing"), existingName);
        }

        public bool Remove(string name) =>
            _database.InTransaction((connection, transaction) =>
            {
                using var command = StoreDatabase.Command(connection, transaction, $"DELETE FROM entra_tenant WHERE {_database.Dialect.NameEquals("name", "@name")}", ("@name", name));
                return command.ExecuteNonQuery() > 0;
            }, bumpVersion: true);

        private void Write(EntraTenantDefinition tenant, string sql, string? existingName)
        {
            try
            {
                _database.InTransaction((connection, transaction) =>
                {
                    using var command = StoreDatabase.Command(connection, transaction, sql,
                        ("@name", tenant.Name), ("@tenant", tenant.TenantId), ("@client", tenant.ClientId), ("@cloud", tenant.Cloud.ToString()),
                        ("@kind", tenant.CredentialKind.ToString()), ("@thumbprint", tenant.CertificateThumbprint), ("@path", tenant.CertificatePath),
                        ("@secret", _database.Seal(connection, transaction, tenant.Secret ?? new byte[0])), ("@scopes", tenant.SyncScopes),
                        ("@created", StoreDatabase.Time(tenant.CreatedUtc)), ("@modified", StoreDatabase.Time(tenant.ModifiedUtc)), ("@existing", existingName),
                        ("@state", tenant.SyncState), ("@interval", tenant.SyncIntervalMinutes), ("@lastSync", tenant.LastSyncUtc.HasValue ? StoreDatabase.Time(tenant.LastSyncUtc.Value) : null));
                    if (command.ExecuteNonQuery() == 0) throw EntraTenantService.NotFound(existingName!);
                    return 0;
                }, bumpVersion: true);
            }
            catch (DbException e) when (_database.Dialect.IsConstraintViolation(e))
            {
                throw new StoreException(StoreErrorKind.Duplicate, "DuplicateEntraTenant", $"An Entra tenant named '{tenant.Name}' already exists.", e);
            }
        }

        // A row of a cloud or credential kind this RasMfa does not know (written by a newer one) is passed over.
        private EntraTenantDefinition? Read(DbDataReader reader)
        {
            var name = reader.GetString(0);
            if (!Enum.TryParse<EntraCloud>(reader.GetString(3), out var cloud) || !Enum.TryParse<EntraCredentialKind>(reader.GetString(4), out var kind)) return null;
            var secret = _database.UnprotectOrFlag((byte[])reader.GetValue(7), $"Entra tenant '{name}'", out var unreadable);
            return new EntraTenantDefinition(name, reader.GetString(1), reader.GetString(2))
            {
                Cloud = cloud,
                CredentialKind = kind,
                CertificateThumbprint = StoreDatabase.ReadOptionalText(reader, 5),
                CertificatePath = StoreDatabase.ReadOptionalText(reader, 6),
                Secret = secret == null || secret.Length == 0 ? null : secret,
                Unreadable = unreadable,
                SyncScopes = reader.GetString(8),
                CreatedUtc = StoreDatabase.ReadTime(reader, 9),
                ModifiedUtc = StoreDatabase.ReadTime(reader, 10),
                SyncState = reader.GetString(11),
                SyncIntervalMinutes = (int)reader.GetInt64(12),
                LastSyncUtc = reader.IsDBNull(13) ? (DateTime?)null : StoreDatabase.ReadTime(reader, 13),
            };
        }
    }
}
