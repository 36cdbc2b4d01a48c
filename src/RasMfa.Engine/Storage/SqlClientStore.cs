using System;
using System.Collections.Generic;
using System.Data.Common;
using System.Linq;
using RasMfa.Engine.Clients;
using RasMfa.Engine.Mfa.Methods;
using RasMfa.Engine.Users;

namespace RasMfa.Engine.Storage
{
    internal sealed class SqlClientStore : IClientStore
    {
        private const string Columns = "name, address, secret, require_message_authenticator, limit_proxy_state, description, created_utc, modified_utc, first_factor, require_user_match, prompt, " +
            "upstream_servers, pass_upstream_attributes, otp_mode, directory, allowed_methods, keywords, empty_password_action, push_timeout_seconds";
        private readonly StoreDatabase _database;

        public SqlClientStore(StoreDatabase database) => _database = database;

        public IReadOnlyList<RadiusClientDefinition> List() =>
            _database.Query($"SELECT {Columns} FROM radius_client ORDER BY {_database.Dialect.SortedByName("name")}", Read);

        public RadiusClientDefinition? Get(string name) =>
            _database.Query($"SELECT {Columns} FROM radius_client WHERE {_database.Dialect.NameEquals("name", "@name")}", Read, ("@name", name)).FirstOrDefault();

        public void Add(RadiusClientDefinition client) =>
            Write(client, $"INSERT INTO radius_client ({Columns}) VALUES (@name, @address, @secret, @rma, @lps, @description, @created, @modified, @factor, @match, @prompt, @upstream, @pass, @mode, @directory, @allowed, @keywords, @empty, @pushTimeout)", null);

        public void Update(string existingName, RadiusClientDefinition client)
        {
            client.ModifiedUtc = DateTime.UtcNow;
            Write(client, "UPDATE radius_client SET name = @name, address = @address, secret = @secret, require_message_authenticator = @rma, limit_proxy_state = @lps, " +
                "description = @description, modified_utc = @modified, first_factor = @factor, require_user_match = @match, prompt = @prompt, " +
                "upstream_servers = @upstream, pass_upstream_attributes = @pass, otp_mode = @mode, directory = @directory, " +
                "allowed_methods = @allowed, keywords = @keywords, empty_password_action = @empty, push_timeout_seconds = @pushTimeout WHERE " + _database.Dialect.NameEquals("name", "@existing"), existingName);
        }

        public void Remove(string name)
        {
            _database.InTransaction((connection, transaction) =>
            {
                using var command = StoreDatabase.Command(connection, transaction, $"DELETE FROM radius_client WHERE {_database.Dialect.NameEquals("name", "@name")}", ("@name", name));
                if (command.ExecuteNonQuery() == 0) throw NotFound(name);
                return 0;
            }, bumpVersion: true);
        }

        private void Write(RadiusClientDefinition client, string sql, string? existingName)
        {
            try
            {
                _database.InTransaction((connection, transaction) =>
                {
                    CheckFirstFactor(connection, transaction, client);
                    using var command = StoreDatabase.Command(connection, transaction, sql,
                        ("@name", client.Name), ("@address", client.Address.ToString()), ("@secret", _database.Seal(connection, transaction, client.SharedSecret ?? throw SecretRequired(client.Name))),
                        ("@rma", client.RequireMessageAuthenticator ? 1 : 0), ("@lps", client.LimitProxyState ? 1 : 0), ("@description", client.Description),
                        ("@created", StoreDatabase.Time(client.CreatedUtc)), ("@modified", StoreDatabase.Time(client.ModifiedUtc)),
                        ("@factor", client.FirstFactor.ToString()), ("@match", client.RequireUserMatch ? 1 : 0), ("@prompt", client.Prompt),
                        ("@upstream", string.Join(",", client.UpstreamServers)), ("@pass", client.PassUpstreamAttributes ? 1 : 0), ("@mode", client.OtpMode.ToString()), ("@directory", client.Directory),
                        ("@allowed", SameAsDefault(client.AllowedMethods) ? null : MethodKinds.Join(client.AllowedMethods)), ("@keywords", ClientKeywords.Store(client.Keywords)),
                        ("@empty", client.EmptyPasswordAction.ToString()), ("@pushTimeout", client.PushTimeoutSeconds), ("@existing", existingName));
                    if (command.ExecuteNonQuery() == 0) throw NotFound(existingName!);
                    return 0;
                }, bumpVersion: true);
            }
            catch (DbException e) when (_database.Dialect.IsConstraintViolation(e))
            {
                // The address's unique constraint is named for it on every dialect (SQLite names the column, PostgreSQL the constraint).
                bool address = _database.Dialect.ViolatedConstraint(e).IndexOf("address", StringComparison.OrdinalIgnoreCase) >= 0;
                throw address
                    ? new StoreException(StoreErrorKind.Duplicate, "DuplicateRadiusClientAddress", $"Another RADIUS client already has the address {client.Address}.", e)
                    : new StoreException(StoreErrorKind.Duplicate, "DuplicateRadiusClientName", $"A RADIUS client named '{client.Name}' already exists.", e);
            }
        }

        /// <summary>The directory or upstream servers a client names exist, checked in the write's transaction.</summary>
        private void CheckFirstFactor(DbConnection connection, DbTransaction transaction, RadiusClientDefinition client)
        {
            bool Exists(string table, string name)
            {
                using var command = StoreDatabase.Command(connection, transaction, $"SELECT 1 FROM {table} WHERE {_database.Dialect.NameEquals("name", "@name")}", ("@name", name));
                return command.ExecuteScalar() != null;
            }
            if (client.FirstFactor == FirstFactor.Directory && client.Directory != null && !Exists("directory", client.Directory))
                throw new StoreException(StoreErrorKind.NotFound, "DirectoryNotFound", $"No directory is named '{client.Directory}'.");
            if (client.FirstFactor != FirstFactor.UpstreamRadius) return;
            foreach (var name in client.UpstreamServers)
            {
                if (!Exists("upstream_radius_server", name))
                    throw new StoreException(StoreErrorKind.NotFound, "UpstreamRadiusServerNotFound", $"No upstream RADIUS server is named '{name}'.");
            }
        }

        // Only an unreadable record has none, and the service refuses to save one without a new secret.
        private static StoreException SecretRequired(string name) =>
            new StoreException(StoreErrorKind.Unreadable, "RadiusClientSecretUnreadable", $"The RADIUS client '{name}' has no readable shared secret to save; give it a new one.");

        private static StoreException NotFound(string name) =>
            new StoreException(StoreErrorKind.NotFound, "RadiusClientNotFound", $"No RADIUS client is named '{name}'.");

        // An unknown first factor must never fall back to None, which would skip the password check.
        private static FirstFactor ReadFirstFactor(string client, string stored) =>
            Enum.TryParse<FirstFactor>(stored, out var factor) && Enum.IsDefined(typeof(FirstFactor), factor)
                ? factor
                : throw new StoreException(StoreErrorKind.Unreadable, "StoreUnreadable", $"Client '{client}' uses the first factor '{stored}', which this RasMfa does not know. Update RasMfa.");

        private RadiusClientDefinition Read(DbDataReader reader)
        {
            var name = reader.GetString(0);
            var secret = _database.UnprotectOrFlag((byte[])reader.GetValue(2), $"client '{name}'", out var unreadable);
            return new RadiusClientDefinition(name, IpNetwork.Parse(reader.GetString(1)), secret)
            {
                Unreadable = unreadable,
                RequireMessageAuthenticator = reader.GetInt64(3) != 0,
                LimitProxyState = reader.GetInt64(4) != 0,
                Description = StoreDatabase.ReadOptionalText(reader, 5),
                CreatedUtc = StoreDatabase.ReadTime(reader, 6),
                ModifiedUtc = StoreDatabase.ReadTime(reader, 7),
                FirstFactor = ReadFirstFactor(name, reader.GetString(8)),
                RequireUserMatch = reader.GetInt64(9) != 0,
                Prompt = StoreDatabase.ReadOptionalText(reader, 10),
                UpstreamServers = reader.GetString(11).Split(new[] { ',' }, StringSplitOptions.RemoveEmptyEntries),
                PassUpstreamAttributes = reader.GetInt64(12) != 0,
                OtpMode = Enum.TryParse<OtpMode>(reader.GetString(13), out var mode) ? mode : OtpMode.Challenge,
                Directory = StoreDatabase.ReadOptionalText(reader, 14),
                AllowedMethods = ReadAllowed(StoreDatabase.ReadOptionalText(reader, 15)),
                Keywords = ClientKeywords.Read(StoreDatabase.ReadOptionalText(reader, 16)),
                // An action this build does not know (a newer server's) asks for a code: nothing is sent unasked.
                EmptyPasswordAction = Enum.TryParse<EmptyPasswordAction>(reader.GetString(17), out var action) && Enum.IsDefined(typeof(EmptyPasswordAction), action)
                    ? action : EmptyPasswordAction.Challenge,
                PushTimeoutSeconds = reader.IsDBNull(18) ? null : (int?)reader.GetInt64(18),
            };
        }

        // NULL: the default (tokens only), so that a later build's default applies to clients the admin never set.
        private static IReadOnlyList<MethodKind> ReadAllowed(string? stored)
        {
            if (stored == null) return MethodKinds.DefaultAllowed;
            var kinds = MethodKinds.Parse(stored);
            return kinds.Count == 0 ? MethodKinds.DefaultAllowed : kinds;
        }

        private static bool SameAsDefault(IReadOnlyList<MethodKind> allowed) =>
            allowed.Count == MethodKinds.DefaultAllowed.Count && allowed.All(MethodKinds.DefaultAllowed.Contains);
    }
}
