using System;
using System.Collections.Generic;
using System.Data.Common;
using System.Linq;
using RasMfa.Engine.FirstFactors;

namespace RasMfa.Engine.Storage
{
    internal sealed class SqlUpstreamServerStore : IUpstreamServerStore
    {
        private const string Columns = "name, address, port, secret, timeout_seconds, retries, created_utc, modified_utc, require_message_authenticator";
        private readonly StoreDatabase _database;

        public SqlUpstreamServerStore(StoreDatabase database) => _database = database;

        public IReadOnlyList<UpstreamRadiusServer> List() => _database.Query($"SELECT {Columns} FROM upstream_radius_server ORDER BY {_database.Dialect.SortedByName("name")}", Read);

        public UpstreamRadiusServer? Get(string name) =>
            _database.Query($"SELECT {Columns} FROM upstream_radius_server WHERE {_database.Dialect.NameEquals("name", "@name")}", Read, ("@name", name)).FirstOrDefault();

        public void Add(UpstreamRadiusServer server) =>
            Write(server, $"INSERT INTO upstream_radius_server ({Columns}) VALUES (@name, @address, @port, @secret, @timeout, @retries, @created, @modified, @rma)", null);

        public void Update(string existingName, UpstreamRadiusServer server)
        {
            server.ModifiedUtc = DateTime.UtcNow;
            Write(server, "UPDATE upstream_radius_server SET name = @name, address = @address, port = @port, secret = @secret, timeout_seconds = @timeout, " +
                "retries = @retries, modified_utc = @modified, require_message_authenticator = @rma WHERE " + _database.Dialect.NameEquals("name", "@existing"), existingName);
        }

        /// <summary>Refuses while a RADIUS client checks passwords with the server.</summary>
        public void Remove(string name)
        {
            _database.InTransaction((connection, transaction) =>
            {
                using (var users = StoreDatabase.Command(connection, transaction, "SELECT name, upstream_servers FROM radius_client"))
                using (var reader = users.ExecuteReader())
                {
                    var clients = new List<string>();
                    while (reader.Read())
                    {
                        if (reader.GetString(1).Split(',').Contains(name, StringComparer.OrdinalIgnoreCase)) clients.Add(reader.GetString(0));
                    }
                    if (clients.Count > 0)
                        throw new StoreException(StoreErrorKind.Conflict, "UpstreamRadiusServerInUse",
                            $"The RADIUS clients {string.Join(", ", clients)} check passwords with the upstream RADIUS server '{name}'.");
                }
                using var command = StoreDatabase.Command(connection, transaction, $"DELETE FROM upstream_radius_server WHERE {_database.Dialect.NameEquals("name", "@name")}", ("@name", name));
                if (command.ExecuteNonQuery() == 0) throw NotFound(name);
                return 0;
            }, bumpVersion: true);
        }

        private void Write(UpstreamRadiusServer server, string sql, string? existingName)
        {
            try
            {
                _database.InTransaction((connection, transaction) =>
                {
                    using var command = StoreDatabase.Command(connection, transaction, sql,
                        ("@name", server.Name), ("@address", server.Address), ("@port", server.Port), ("@secret", _database.Seal(connection, transaction, server.SharedSecret ?? throw SecretRequired(server.Name))),
                        ("@timeout", server.TimeoutSeconds), ("@retries", server.Retries), ("@created", StoreDatabase.Time(server.CreatedUtc)),
                        ("@modified", StoreDatabase.Time(server.ModifiedUtc)), ("@rma", server.RequireMessageAuthenticator ? 1 : 0),
                        ("@existing", existingName));
                    if (command.ExecuteNonQuery() == 0) throw NotFound(existingName!);
                    return 0;
                }, bumpVersion: true);
            }
            catch (DbException e) when (_database.Dialect.IsConstraintViolation(e))
            {
                throw new StoreException(StoreErrorKind.Duplicate, "DuplicateUpstreamRadiusServer", $"An upstream RADIUS server named '{server.Name}' already exists.", e);
            }
        }

        // Only an unreadable record has none, and the service refuses to save one without a new secret.
        private static StoreException SecretRequired(string name) =>
            new StoreException(StoreErrorKind.Unreadable, "UpstreamRadiusServerSecretUnreadable", $"The upstream RADIUS server '{name}' has no readable shared secret to save; give it a new one.");

        private static StoreException NotFound(string name) =>
            new StoreException(StoreErrorKind.NotFound, "UpstreamRadiusServerNotFound", $"No upstream RADIUS server is named '{name}'.");

        private UpstreamRadiusServer Read(DbDataReader reader)
        {
            var name = reader.GetString(0);
            var secret = _database.UnprotectOrFlag((byte[])reader.GetValue(3), $"upstream server '{name}'", out var unreadable);
            return new UpstreamRadiusServer(name, reader.GetString(1), secret)
            {
                Unreadable = unreadable,
                Port = (int)reader.GetInt64(2),
                TimeoutSeconds = (int)reader.GetInt64(4),
                Retries = (int)reader.GetInt64(5),
                CreatedUtc = StoreDatabase.ReadTime(reader, 6),
                ModifiedUtc = StoreDatabase.ReadTime(reader, 7),
                RequireMessageAuthenticator = reader.GetInt64(8) != 0,
            };
        }
    }
}
