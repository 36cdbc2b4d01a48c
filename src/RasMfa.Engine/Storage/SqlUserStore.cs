using System;
using System.Collections.Generic;
using System.Data.Common;
using System.Linq;
using RasMfa.Engine.Mfa.Methods;
using RasMfa.Engine.Users;
using RasMfa.Engine.Clients;

namespace RasMfa.Engine.Storage
{
    internal sealed class SqlUserStore : IUserStore
    {
        internal const string Columns = "id, user_name, display_name, email, phone_number, enabled, failed_attempts, locked_until_utc, created_utc, modified_utc, source_directory, methods, default_method";
        private readonly StoreDatabase _database;

        public SqlUserStore(StoreDatabase database) => _database = database;

        public IReadOnlyList<MfaUser> List() => _database.Query($"SELECT {Columns} FROM mfa_user ORDER BY {_database.Dialect.SortedByName("user_name")}", Read);

        public MfaUser? Get(string userName)
        {
            var name = userName.Trim();
            var named = _database.Query($"SELECT {Columns} FROM mfa_user WHERE name_key = @key ORDER BY id", Read, ("@key", UserNameKey.Of(name)));
            if (named.Count <= 1) return named.FirstOrDefault();
            // Users sharing a key predate it (an older store kept 'ŁUKASZ' and 'łukasz' apart): the exact name picks one, so the
            // admin can rename or remove the other; any other spelling names both.
            return named.FirstOrDefault(user => string.Equals(user.UserName, name, StringComparison.Ordinal))
                ?? throw new StoreException(StoreErrorKind.Conflict, "AmbiguousRasMfaUser",
                    $"'{name}' names several users: {string.Join(", ", named.Select(user => "'" + user.UserName + "'"))}. Give the exact name of one of them.");
        }

        /// <summary>Orders a user's tokens (otp_token t, mfa_user u) default first, then oldest first.</summary>
        internal const string DefaultTokenFirst = "t.id = u.default_token_id DESC, t.id";

        public IReadOnlyDictionary<long, IReadOnlyList<string>> TokenSerialsByUser() =>
            _database.Query("SELECT t.user_id, t.serial FROM otp_token t JOIN mfa_user u ON u.id = t.user_id ORDER BY t.user_id, " + DefaultTokenFirst,
                    reader => (User: reader.GetInt64(0), Serial: reader.GetString(1)))
                .GroupBy(row => row.User)
                .ToDictionary(group => group.Key, group => (IReadOnlyList<string>)group.Select(row => row.Serial).ToList());

        public IReadOnlyList<string> TokenSerialsOf(long userId) =>
            _database.Query("SELECT t.serial FROM otp_token t JOIN mfa_user u ON u.id = t.user_id WHERE t.user_id = @user ORDER BY " + DefaultTokenFirst,
                reader => reader.GetString(0), ("@user", userId));

        public void Add(MfaUser user)
        {
            user.Id = _database.InTransaction((connection, transaction) => Write(connection, transaction, user,
                $"INSERT INTO mfa_user ({Columns.Replace("id, ", "")}, bare_name, name_key, bare_key) VALUES (@name, @display, @email, @phone, @enabled, @failed, @locked, @created, @modified, @source, @methods, @defaultMethod, @bare, @key, @bareKey) RETURNING id"),
                bumpVersion: false);
        }

        public void Update(MfaUser user, string? tokenSerial = null, string? defaultTokenSerial = null)
        {
            user.ModifiedUtc = DateTime.UtcNow;
            _database.InTransaction((connection, transaction) =>
            {
                // Failure counts and locks are not written here: they change under running logins (RecordFailure, Unlock).
                Write(connection, transaction, user, "UPDATE mfa_user SET user_name = @name, bare_name = @bare, name_key = @key, bare_key = @bareKey, display_name = @display, email = @email, phone_number = @phone, enabled = @enabled, " +
                    "methods = @methods, default_method = @defaultMethod, modified_utc = @modified WHERE id = @id RETURNING id");
                if (tokenSerial != null) SqlTokenStore.Assign(_database.Dialect, connection, transaction, tokenSerial, user.Id);
                if (defaultTokenSerial != null)
                {
                    using var setDefault = StoreDatabase.Command(connection, transaction,
                        $"UPDATE mfa_user SET default_token_id = (SELECT id FROM otp_token WHERE {_database.Dialect.NameEquals("serial", "@serial")} AND user_id = @id) " +
                        $"WHERE id = @id AND EXISTS (SELECT 1 FROM otp_token WHERE {_database.Dialect.NameEquals("serial", "@serial")} AND user_id = @id)",
                        ("@serial", defaultTokenSerial), ("@id", user.Id));
                    if (setDefault.ExecuteNonQuery() == 0)
                        throw new StoreException(StoreErrorKind.Invalid, "TokenNotHeldByUser", $"The user holds no token with the serial '{defaultTokenSerial}'.");
                }
                return 0;
            }, bumpVersion: false);
        }

        public void Remove(string userName)
        {
            _database.InTransaction((connection, transaction) =>
            {
                using var find = StoreDatabase.Command(connection, transaction, $"SELECT id FROM mfa_user WHERE {_database.Dialect.NameEquals("user_name", "@name")}", ("@name", userName.Trim()));
                var ids = new List<long>();
                using (var reader = find.ExecuteReader())
                    while (reader.Read()) ids.Add(reader.GetInt64(0));
                if (ids.Count == 0) throw NotFound(userName);
                foreach (var id in ids)
                {
                    // Their pending enrolments go with them: the serial names the user by id, which SQLite gives the next user.
                    using var pending = StoreDatabase.Command(connection, transaction, "DELETE FROM otp_token WHERE user_id IS NULL AND UPPER(serial) LIKE @pattern",
                        ("@pattern", Tokens.PendingEnrollmentSerial.PatternFor(id)));
                    pending.ExecuteNonQuery();
                    using var user = StoreDatabase.Command(connection, transaction, "DELETE FROM mfa_user WHERE id = @id", ("@id", id));
                    user.ExecuteNonQuery();
                }
                return 0;
            }, bumpVersion: false);
        }

        public IReadOnlyList<UserImportStatus> Upsert(IReadOnlyList<UserImportRow> rows)
        {
            return _database.InTransaction((connection, transaction) =>
            {
                var statuses = new List<UserImportStatus>(rows.Count);
                var now = StoreDatabase.Time(DateTime.UtcNow);
                using var find = StoreDatabase.Command(connection, transaction,
                    "SELECT id, display_name, email, phone_number, enabled, source_directory, user_name FROM mfa_user WHERE name_key = @key ORDER BY id", ("@key", ""));
                using var insert = StoreDatabase.Command(connection, transaction,
                    "INSERT INTO mfa_user (user_name, bare_name, name_key, bare_key, display_name, email, phone_number, enabled, created_utc, modified_utc, source_directory) " +
                    "VALUES (@name, @bare, @key, @bareKey, @display, @email, @phone, @enabled, @now, @now, @source)",
                    ("@name", ""), ("@bare", ""), ("@key", ""), ("@bareKey", ""), ("@display", null), ("@email", null), ("@phone", null), ("@enabled", 1), ("@now", now), ("@source", null));
                using var update = StoreDatabase.Command(connection, transaction,
                    "UPDATE mfa_user SET display_name = @display, email = @email, phone_number = @phone, enabled = @enabled, modified_utc = @now, " +
                    "source_directory = COALESCE(@source, source_directory) WHERE id = @id",
                    ("@display", null), ("@email", null), ("@phone", null), ("@enabled", 1), ("@now", now), ("@id", 0L), ("@source", null));
                foreach (var row in rows)
                {
                    var name = row.UserName!.Trim();
                    find.Parameters["@key"].Value = UserNameKey.Of(name);
                    var matches = new List<(long Id, string? Display, string? Email, string? Phone, bool Enabled, string? Source, string Name)>(1);
                    using (var reader = find.ExecuteReader())
                    {
                        while (reader.Read())
                        {
                            matches.Add((reader.GetInt64(0), StoreDatabase.ReadOptionalText(reader, 1), StoreDatabase.ReadOptionalText(reader, 2),
                                StoreDatabase.ReadOptionalText(reader, 3), reader.GetInt64(4) != 0, StoreDatabase.ReadOptionalText(reader, 5), reader.GetString(6)));
                        }
                    }
                    // The same person however written ('ŁUKASZ' updates 'łukasz'); among users sharing a key (an older store's),
                    // only the exact name picks one, and any other spelling fails the row.
                    if (matches.Count > 1)
                    {
                        matches.RemoveAll(match => !string.Equals(match.Name, name, StringComparison.Ordinal));
                        if (matches.Count != 1)
                        {
                            statuses.Add(UserImportStatus.Failed);
                            continue;
                        }
                    }
                    long? id = matches.Count == 1 ? matches[0].Id : (long?)null;
                    string? display = id == null ? null : matches[0].Display, email = id == null ? null : matches[0].Email, phone = id == null ? null : matches[0].Phone;
                    string? source = id == null ? null : matches[0].Source;
                    bool enabled = id == null || matches[0].Enabled;
                    if (!Claimable(row, id != null, source))
                    {
                        statuses.Add(UserImportStatus.Failed);
                        continue;
                    }
                    bool sameUser = row.Claim == UserRowClaim.SameUserOfSource;
                    var newDisplay = row.DisplayName ?? display;
                    var newEmail = sameUser ? email ?? row.Email : row.Email ?? email;
                    var newPhone = sameUser ? phone ?? row.PhoneNumber : row.PhoneNumber ?? phone;
                    var newEnabled = sameUser ? enabled : row.Enabled ?? enabled;
                    if (id == null)
                    {
                        Set(insert, ("@name", name), ("@bare", UserNameRules.BareName(name)), ("@key", UserNameKey.Of(name)), ("@bareKey", UserNameRules.BareKey(name)), ("@display", newDisplay), ("@email", newEmail), ("@phone", newPhone), ("@enabled", newEnabled ? 1 : 0),
                            ("@source", row.SourceDirectory));
                        insert.ExecuteNonQuery();
                        statuses.Add(UserImportStatus.Created);
                    }
                    else if (newDisplay == display && newEmail == email && newPhone == phone && newEnabled == enabled && (row.SourceDirectory == null || row.SourceDirectory == source))
                    {
                        statuses.Add(UserImportStatus.Unchanged);
                    }
                    else
                    {
                        Set(update, ("@id", id.Value), ("@display", newDisplay), ("@email", newEmail), ("@phone", newPhone), ("@enabled", newEnabled ? 1 : 0),
                            ("@source", row.SourceDirectory));
                        update.ExecuteNonQuery();
                        statuses.Add(UserImportStatus.Updated);
                    }
                }
                return (IReadOnlyList<UserImportStatus>)statuses;
            }, bumpVersion: false);
        }

        // An Entra row never writes over another source's user (nor one made by hand), checked in the transaction that writes.
        private static bool Claimable(UserImportRow row, bool exists, string? storedSource)
        {
            bool ownSource = string.Equals(storedSource, row.SourceDirectory, StringComparison.OrdinalIgnoreCase);
            switch (row.Claim)
            {
                case UserRowClaim.OwnSource: return !exists || ownSource;
                case UserRowClaim.SameUserOfSource: return exists && ownSource;
                default: return true;
            }
        }

        private static void Set(DbCommand command, params (string Name, object? Value)[] values)
        {
            foreach (var (name, value) in values) command.Parameters[name].Value = value ?? DBNull.Value;
        }

        public MfaUser RecordFailure(long userId, int threshold, TimeSpan lockFor, DateTime nowUtc) =>
            _database.InSession(session => RecordFailure(session, userId, threshold, lockFor, nowUtc));

        public void Unlock(long userId) =>
            _database.InSession(session => ClearFailures(session, userId));

        /// <summary>Counts a failure and locks at the threshold, in the caller's transaction; returns the user as it now stands.</summary>
        internal static MfaUser RecordFailure(StoreSession session, long userId, int threshold, TimeSpan lockFor, DateTime nowUtc)
        {
            session.Execute(
                "UPDATE mfa_user SET failed_attempts = failed_attempts + 1, " +
                "locked_until_utc = CASE WHEN failed_attempts + 1 >= @threshold THEN @until ELSE locked_until_utc END WHERE id = @id",
                ("@threshold", threshold), ("@until", StoreDatabase.Time(nowUtc + lockFor)), ("@id", userId));
            using var reader = session.Query($"SELECT {Columns} FROM mfa_user WHERE id = @id", ("@id", userId));
            return reader.Read() ? Read(reader) : throw NotFound($"#{userId}");
        }

        internal const string ClearFailuresSql =
            "UPDATE mfa_user SET failed_attempts = 0, locked_until_utc = NULL WHERE id = @id AND (failed_attempts <> 0 OR locked_until_utc IS NOT NULL)";

        internal static bool ClearFailures(StoreSession session, long userId) => session.Execute(ClearFailuresSql, ("@id", userId)) == 1;

        private long Write(DbConnection connection, DbTransaction transaction, MfaUser user, string sql)
        {
            var key = UserNameKey.Of(user.UserName.Trim());
            // One person, one user: 'łukasz' may not join 'ŁUKASZ' (SQLite's NOCASE folds ASCII only). A user already sharing
            // its key with another (from an older store) may still be changed, as long as its name keeps that key.
            using (var sameKey = StoreDatabase.Command(connection, transaction,
                "SELECT user_name FROM mfa_user WHERE name_key = @key AND id <> @id AND NOT EXISTS (SELECT 1 FROM mfa_user WHERE id = @id AND name_key = @key) LIMIT 1",
                ("@key", key), ("@id", user.Id)))
            {
                if (sameKey.ExecuteScalar() is string existing)
                    throw new StoreException(StoreErrorKind.Duplicate, "DuplicateRasMfaUser",
                        $"A user named '{existing}' already exists, and '{user.UserName}' names the same person (names match without case, width or accents, as in Active Directory).");
            }
            try
            {
                using var command = StoreDatabase.Command(connection, transaction, sql,
                    ("@id", user.Id), ("@name", user.UserName.Trim()), ("@bare", UserNameRules.BareName(user.UserName)), ("@key", key), ("@bareKey", UserNameRules.BareKey(user.UserName)),
                    ("@display", user.DisplayName),
                    ("@email", user.Email), ("@phone", user.PhoneNumber), ("@enabled", user.Enabled ? 1 : 0), ("@failed", user.FailedAttempts),
                    ("@locked", user.LockedUntilUtc.HasValue ? StoreDatabase.Time(user.LockedUntilUtc.Value) : null),
                    ("@created", StoreDatabase.Time(user.CreatedUtc)), ("@modified", StoreDatabase.Time(user.ModifiedUtc)), ("@source", user.SourceDirectory),
                    ("@methods", MethodKinds.Join(user.Methods)), ("@defaultMethod", user.DefaultMethod?.ToString()));
                // The row's id (RETURNING id); none when the user to update is gone.
                return command.ExecuteScalar() is long id ? id : throw NotFound(user.UserName);
            }
            catch (DbException e) when (_database.Dialect.IsConstraintViolation(e))
            {
                throw new StoreException(StoreErrorKind.Duplicate, "DuplicateRasMfaUser", $"A user named '{user.UserName}' already exists.", e);
            }
        }

        private static StoreException NotFound(string userName) =>
            new StoreException(StoreErrorKind.NotFound, "RasMfaUserNotFound", $"No user is named '{userName}'.");

        private static MfaUser Read(DbDataReader reader) => Read(reader, 0);

        /// <summary>A user from the <see cref="Columns"/> starting at <paramref name="first"/>.</summary>
        internal static MfaUser Read(DbDataReader reader, int first) => new MfaUser(reader.GetString(first + 1))
        {
            Id = reader.GetInt64(first),
            DisplayName = StoreDatabase.ReadOptionalText(reader, first + 2),
            Email = StoreDatabase.ReadOptionalText(reader, first + 3),
            PhoneNumber = StoreDatabase.ReadOptionalText(reader, first + 4),
            Enabled = reader.GetInt64(first + 5) != 0,
            FailedAttempts = (int)reader.GetInt64(first + 6),
            LockedUntilUtc = StoreDatabase.ReadOptionalTime(reader, first + 7),
            CreatedUtc = StoreDatabase.ReadTime(reader, first + 8),
            ModifiedUtc = StoreDatabase.ReadTime(reader, first + 9),
            SourceDirectory = StoreDatabase.ReadOptionalText(reader, first + 10),
            Methods = MethodKinds.Parse(StoreDatabase.ReadOptionalText(reader, first + 11)),
            // A default this build cannot read (a newer server's) is none: the token goes first, nothing is sent unasked.
            DefaultMethod = MethodKinds.TryParse(StoreDatabase.ReadOptionalText(reader, first + 12), out var preferred) ? preferred : (MethodKind?)null,
        };
    }
}
