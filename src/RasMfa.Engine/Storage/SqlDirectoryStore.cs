using System;
using System.Collections.Generic;
using System.Data.Common;
using System.Linq;
using RasMfa.Engine.Directories;

namespace RasMfa.Engine.Storage
{
    internal sealed class SqlDirectoryStore : IDirectoryStore
    {
        private const string Columns = "name, type, servers, port, security, base_dn, bind_user_name, bind_password, trusted_ca_path, certificate_thumbprint, " +
            "timeout_seconds, sync_interval_minutes, created_utc, modified_utc, sync_scopes, last_sync_utc";
        private readonly StoreDatabase _database;

        public SqlDirectoryStore(StoreDatabase database) => _database = database;

        public IReadOnlyList<DirectoryDefinition> List() => _database.Query($"SELECT {Columns} FROM directory ORDER BY {_database.Dialect.SortedByName("name")}", Read);

        public DirectoryDefinition? Get(string name) => _database.Query($"SELECT {Columns} FROM directory WHERE {_database.Dialect.NameEquals("name", "@name")}", Read, ("@name", name)).FirstOrDefault();

        public void Add(DirectoryDefinition directory) =>
            Write(directory, $"INSERT INTO directory ({Columns}) VALUES (@name, @type, @servers, @port, @security, @base, @bindUser, @bindPassword, @ca, @thumbprint, @timeout, @sync, @created, @modified, @syncScopes, @lastSync)", null);

        public void Update(string existingName, DirectoryDefinition directory)
        {
            directory.ModifiedUtc = DateTime.UtcNow;
            Write(directory, "UPDATE directory SET name = @name, type = @type, servers = @servers, port = @port, security = @security, base_dn = @base, bind_user_name = @bindUser, " +
                "bind_password = @bindPassword, trusted_ca_path = @ca, certificate_thumbprint = @thumbprint, timeout_seconds = @timeout, sync_interval_minutes = @sync, " +
                "modified_utc = @modified, sync_scopes = @syncScopes, last_sync_utc = @lastSync WHERE " + _database.Dialect.NameEquals("name", "@existing"), existingName);
        }

        /// <summary>Refuses while a RADIUS client checks passwords with the directory.</summary>
        public void Remove(string name)
        {
            _database.InTransaction((connection, transaction) =>
            {
                using (var users = StoreDatabase.Command(connection, transaction, $"SELECT name FROM radius_client WHERE {_database.Dialect.CaseFolded("directory")} = {_database.Dialect.CaseFolded("@name")}", ("@name", name)))
                using (var reader = users.ExecuteReader())
                {
                    var clients = new List<string>();
                    while (reader.Read()) clients.Add(reader.GetString(0));
                    if (clients.Count > 0)
                        throw new StoreException(StoreErrorKind.Conflict, "DirectoryInUse",
                            $"The RADIUS clients {string.Join(", ", clients)} check passwords with the directory '{name}'.");
                }
                using var command = StoreDatabase.Command(connection, transaction, $"DELETE FROM directory WHERE {_database.Dialect.NameEquals("name", "@name")}", ("@name", name));
                if (command.ExecuteNonQuery() == 0) throw NotFound(name);
                return 0;
            }, bumpVersion: true);
        }

        private void Write(DirectoryDefinition directory, string sql, string? existingName)
        {
            try
            {
                _database.InTransaction((connection, transaction) =>
                {
                    using var command = StoreDatabase.Command(connection, transaction, sql,
                        ("@name", directory.Name), ("@type", directory.Type.ToString()), ("@servers", string.Join(",", directory.Servers)), ("@port", directory.Port),
                        ("@security", directory.Security.ToString()), ("@base", directory.BaseDN), ("@bindUser", directory.BindUserName),
                        ("@bindPassword", directory.BindPassword == null ? null : _database.Seal(connection, transaction, directory.BindPassword)),
                        ("@ca", directory.TrustedCaPath), ("@thumbprint", directory.CertificateThumbprint), ("@timeout", directory.TimeoutSeconds),
                        ("@sync", directory.SyncIntervalMinutes), ("@created", StoreDatabase.Time(directory.CreatedUtc)), ("@modified", StoreDatabase.Time(directory.ModifiedUtc)),
                        ("@syncScopes", DirectoryScope.Format(directory.SyncScopes)),
                        ("@lastSync", directory.LastSyncUtc.HasValue ? StoreDatabase.Time(directory.LastSyncUtc.Value) : null),
                        ("@existing", existingName));
                    if (command.ExecuteNonQuery() == 0) throw NotFound(existingName!);
                    return 0;
                }, bumpVersion: true);
            }
            catch (DbException e) when (_database.Dialect.IsConstraintViolation(e))
            {
                throw new StoreException(StoreErrorKind.Duplicate, "DuplicateDirectory", $"A directory named '{directory.Name}' already exists.", e);
            }
        }

        private static StoreException NotFound(string name) => new StoreException(StoreErrorKind.NotFound, "DirectoryNotFound", $"No directory is named '{name}'.");

        private DirectoryDefinition Read(DbDataReader reader)
        {
            var name = reader.GetString(0);
            string? unreadable = null;
            var bindPassword = reader.IsDBNull(7) ? null : _database.UnprotectOrFlag((byte[])reader.GetValue(7), $"directory '{name}'", out unreadable);
            return new DirectoryDefinition(name, (DirectoryType)Enum.Parse(typeof(DirectoryType), reader.GetString(1)), reader.GetString(2).Split(new[] { ',' }, StringSplitOptions.RemoveEmptyEntries))
            {
                Port = reader.IsDBNull(3) ? (int?)null : (int)reader.GetInt64(3),
                Security = (DirectorySecurity)Enum.Parse(typeof(DirectorySecurity), reader.GetString(4)),
                BaseDN = StoreDatabase.ReadOptionalText(reader, 5),
                BindUserName = StoreDatabase.ReadOptionalText(reader, 6),
                BindPassword = bindPassword,
                Unreadable = unreadable,
                TrustedCaPath = StoreDatabase.ReadOptionalText(reader, 8),
                CertificateThumbprint = StoreDatabase.ReadOptionalText(reader, 9),
                TimeoutSeconds = (int)reader.GetInt64(10),
                SyncIntervalMinutes = (int)reader.GetInt64(11),
                CreatedUtc = StoreDatabase.ReadTime(reader, 12),
                ModifiedUtc = StoreDatabase.ReadTime(reader, 13),
                SyncScopes = DirectoryScope.Parse(reader.GetString(14)),
                LastSyncUtc = StoreDatabase.ReadOptionalTime(reader, 15),
            };
        }
    }
}
