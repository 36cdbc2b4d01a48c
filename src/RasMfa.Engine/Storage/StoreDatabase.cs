using System;
using System.Collections.Generic;
using System.Data.Common;
using System.Globalization;
using Microsoft.Extensions.Logging;
using RasMfa.Engine.Security;
using RasMfa.Engine.Security.Platform;

namespace RasMfa.Engine.Storage
{
    /// <summary>The store's database, whichever its dialect, and the small helpers every table's store uses.</summary>
    internal sealed class StoreDatabase
    {
        /// <summary>A store whose secrets are sealed with a key file or DPAPI entropy beside the database (SQLite).</summary>
        public StoreDatabase(StoreDialect dialect, StoreFiles files, ISecretProtector? protector, IStorePlatform platform, ILogger? logger)
            : this(dialect, protector, connection => OpenProtector(files, platform, connection, logger))
        {
            Logger = logger;
        }

        /// <summary>The store's logger, where one was given: for its own background work (the SQLite checkpointer).</summary>
        public ILogger? Logger { get; }

        /// <summary>A store whose default protector <paramref name="openProtector"/> makes, on a connection to the schema just applied.</summary>
        public StoreDatabase(StoreDialect dialect, ISecretProtector? protector, Func<DbConnection, (ISecretProtector, StoreKeyCheck)> openProtector)
        {
            Dialect = dialect;
            using var connection = Open();
            dialect.ApplySchema(connection);
            if (protector != null) _opened = new HeldStoreKey(protector, null, 0);
            else
            {
                var (opened, check) = openProtector(connection);
                _opened = new HeldStoreKey(opened, check, 0);
            }
        }

        private StoreDatabase(StoreDialect dialect, ISecretProtector protector)
        {
            Dialect = dialect;
            _opened = new HeldStoreKey(protector, null, 0);
        }

        // The key the store was opened with; a follower, once set, holds the key to use instead.
        private readonly HeldStoreKey _opened;
        private StoreKeyFollower? _follower;

        public const string SchemaOutdatedErrorId = "StoreSchemaOutdated";

        /// <summary>
        /// A store opened to be read and never written (a copy's source): no schema step and no key check value are
        /// written, so one older than this RasMfa is refused (StoreSchemaOutdated), as is one newer (StoreSchemaTooNew).
        /// </summary>
        public static StoreDatabase ForReading(StoreDialect dialect, ISecretProtector protector)
        {
            using (var connection = dialect.Open())
            {
                long version = dialect.SchemaVersion(connection), latest = dialect.LatestSchemaVersion;
                if (version > latest)
                    throw new StoreException(StoreErrorKind.Unreadable, "StoreSchemaTooNew", $"The store {dialect.Location} has schema version {version}; this RasMfa knows up to {latest}. Update RasMfa.");
                if (version < latest)
                    throw new StoreException(StoreErrorKind.Conflict, SchemaOutdatedErrorId,
                        $"The store {dialect.Location} has schema version {version}, older than this RasMfa's {latest}, and a store that is only read is never upgraded. " +
                        "Open it once with this version of RasMfa (for instance list its RADIUS clients with it), which upgrades it, then read it again.");
            }
            return new StoreDatabase(dialect, protector);
        }

        public StoreDialect Dialect { get; }

        /// <summary>Proves the protector's key against the store's; null when the caller chose the protector (tests): there is no key to check then.</summary>
        public StoreKeyCheck? KeyCheck => Key.Check;

        public string Location => Dialect.Location;

        public ISecretProtector Protector => Key.Protector;

        /// <summary>The key held now: the one opened with, or the one followed since.</summary>
        public HeldStoreKey Key => _follower?.Held ?? _opened;

        /// <summary>Follows the store's key when it changes (a shared store's rotation or a join); null where the key never changes under a process.</summary>
        public StoreKeyFollower? KeyFollower => _follower;

        /// <summary>From now on, seals and unseals with the key <paramref name="follower"/> holds (set once, right after the open).</summary>
        public void Follow(StoreKeyFollower follower) => _follower = follower;

        public DbConnection Open() => Dialect.Open();

        public static DbCommand Command(DbConnection connection, DbTransaction? transaction, string sql, params (string Name, object? Value)[] parameters)
        {
            var command = connection.CreateCommand();
            command.Transaction = transaction;
            command.CommandText = sql;
            foreach (var (name, value) in parameters) AddParameter(command, name, value);
            return command;
        }

        /// <summary>Adds a parameter named as the SQL names it (@name); null is SQL NULL.</summary>
        public static void AddParameter(DbCommand command, string name, object? value)
        {
            var parameter = command.CreateParameter();
            parameter.ParameterName = name;
            parameter.Value = value ?? DBNull.Value;
            command.Parameters.Add(parameter);
        }

        public int Execute(string sql, params (string Name, object? Value)[] parameters) => Said(() =>
        {
            using var connection = Open();
            using var command = Command(connection, null, sql, parameters);
            return command.ExecuteNonQuery();
        });

        public List<T> Query<T>(string sql, Func<DbDataReader, T> read, params (string Name, object? Value)[] parameters) => Said(() =>
        {
            using var connection = Open();
            using var command = Command(connection, null, sql, parameters);
            using var reader = command.ExecuteReader();
            var rows = new List<T>();
            while (reader.Read()) rows.Add(read(reader));
            return rows;
        });

        /// <summary>Runs <paramref name="work"/> in one write transaction; when <paramref name="bumpVersion"/>, listeners see the change.</summary>
        public T InTransaction<T>(Func<DbConnection, DbTransaction, T> work, bool bumpVersion) => Said(() =>
        {
            using var connection = Open();
            using var transaction = connection.BeginTransaction();
            Dialect.BeginAdministrativeWrite(connection, transaction);
            var result = work(connection, transaction);
            if (bumpVersion)
            {
                using var bump = Command(connection, transaction, "UPDATE change_version SET version = version + 1 WHERE id = 1");
                bump.ExecuteNonQuery();
            }
            transaction.Commit();
            return result;
        });

        /// <summary>Runs <paramref name="work"/> in one write transaction through a session of its own.</summary>
        public T InSession<T>(Func<StoreSession, T> work) => Said(() =>
        {
            using var connection = Open();
            using var transaction = connection.BeginTransaction();
            Dialect.BeginAdministrativeWrite(connection, transaction);
            using var session = new StoreSession(connection, transaction);
            var result = work(session);
            transaction.Commit();
            return result;
        });

        /// <summary>
        /// Runs an administrative path's database work; a provider's failure comes out as a StoreException with its id
        /// (<see cref="StoreFailures"/>). A constraint violation is left as it is for the noun's store, which knows which
        /// duplicate or missing reference it means (and turns what it does not know into StoreConstraintViolated).
        /// </summary>
        public T Said<T>(Func<T> work)
        {
            try
            {
                return work();
            }
            catch (DbException e) when (!Dialect.IsConstraintViolation(e))
            {
                throw StoreFailures.Explain(e, Location);
            }
        }

        public long GetChangeVersion() => Said(() =>
        {
            using var connection = Open();
            using var command = Command(connection, null, "SELECT version FROM change_version WHERE id = 1");
            return (long)command.ExecuteScalar()!;
        });

        public static string Time(DateTime utc) => StoredTime.Format(utc);

        public static DateTime ReadTime(DbDataReader reader, int ordinal) => StoredTime.Parse(reader.GetString(ordinal));

        public static DateTime? ReadOptionalTime(DbDataReader reader, int ordinal) =>
            reader.IsDBNull(ordinal) ? (DateTime?)null : ReadTime(reader, ordinal);

        public static string? ReadOptionalText(DbDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : reader.GetString(ordinal);

        /// <summary>Seals a secret for a write in <paramref name="transaction"/>, refusing if the store's key has changed since this process opened it.</summary>
        public byte[] Seal(DbConnection connection, DbTransaction transaction, byte[] plaintext)
        {
            var key = Key;
            try
            {
                key.Check?.EnsureCurrent(connection, transaction);
            }
            catch (StoreException e) when (e.ErrorId == StoreKeyCheck.MismatchErrorId && _follower != null)
            {
                // The store was given a new key since: seal with it if this server keeps it (the follower takes no lock this transaction holds).
                if (_follower.AfterKeyFailed(key) != null || ReferenceEquals(Key, key)) throw;
                key = Key;
                key.Check!.EnsureCurrent(connection, transaction);
            }
            return key.Protector.Protect(plaintext);
        }

        /// <summary>
        /// For a record the listener can do without: the secret, or null and <paramref name="problem"/> saying why it cannot
        /// be unsealed, so that one damaged record disables itself, not the listing (and the server) it is in. Null, never an
        /// empty secret: nothing can sign, hide a password or bind with it by mistake.
        /// </summary>
        public byte[]? UnprotectOrFlag(byte[] sealedSecret, string owner, out string? problem)
        {
            problem = null;
            try
            {
                return Unprotect(sealedSecret, owner);
            }
            catch (StoreException e) when (e.Kind != StoreErrorKind.Unavailable)
            {
                // Unavailable (this server's key is no longer the store's) is not this record's fault: the caller keeps what it had.
                problem = e.Message;
                return null;
            }
        }

        /// <summary>
        /// The secret, unsealed with the key held; a secret sealed with the shared store's key that does not open with it has
        /// the key followed first (<see cref="StoreKeyFollower"/>). StoreUnreadable when the secret is damaged; StoreKeyStale
        /// (the store unavailable) when the store's key is not one this server keeps.
        /// </summary>
        public byte[] Unprotect(byte[] sealedSecret, string owner) => Unprotect(sealedSecret, "{0}", owner);

        /// <summary>
        /// As <see cref="Unprotect(byte[], string)"/>, the owner named by <paramref name="ownerFormat"/> and <paramref name="ownerArgument"/>
        /// only when a message needs it: the login path's read of a token makes no string for a secret that opens.
        /// </summary>
        public byte[] Unprotect(byte[] sealedSecret, string ownerFormat, string ownerArgument)
        {
            var key = Key;
            try
            {
                return key.Protector.Unprotect(sealedSecret);
            }
            catch (Exception e) when (IsUnsealFailure(e))
            {
                var follower = _follower;
                string owner = string.Format(CultureInfo.InvariantCulture, ownerFormat, ownerArgument);
                if (follower == null || sealedSecret.Length == 0 || sealedSecret[0] != SealedSecretFormat.StoreKeyAesGcm) throw Unreadable(owner, e);
                var refusal = follower.AfterKeyFailed(key);
                if (refusal != null) throw refusal;
                var now = Key;
                if (ReferenceEquals(now, key)) throw Unreadable(owner, e);
                try
                {
                    return now.Protector.Unprotect(sealedSecret);
                }
                catch (Exception again) when (IsUnsealFailure(again))
                {
                    throw Unreadable(owner, again);
                }
            }
        }

        private static bool IsUnsealFailure(Exception e) => e is System.Security.Cryptography.CryptographicException || e is PlatformNotSupportedException;

        private static StoreException Unreadable(string owner, Exception e) =>
            new StoreException(StoreErrorKind.Unreadable, "StoreUnreadable", $"The secret of {owner} cannot be decrypted on this machine: {e.Message}", e);

        // The key material is made with a new store; a store that already holds secrets sealed with it needs the
        // original back. Secrets from before per-install entropy are resealed whenever any remain and the entropy file
        // exists, not only by the open that made the file: an open that stopped between making it and committing the
        // reseal, or an older RasMfa still writing the old format, leaves some for the next open.
        private static (ISecretProtector, StoreKeyCheck) OpenProtector(StoreFiles files, IStorePlatform platform, DbConnection connection, ILogger? logger)
        {
            var formatNeedingKey = SecretProtectors.FormatNeedingKeyMaterial(platform);
            var keyMaterial = StoreKeyFile.LoadOrCreate(files, platform, () => SealedSecretColumns.CountSealedAs(connection, formatNeedingKey), out bool created);
            var protector = SecretProtectors.Create(platform, keyMaterial);
            // Before anything is resealed or sealed with it: a key that does not open what is there is refused.
            var keyCheck = StoreKeyCheck.Establish(connection, files, protector, formatNeedingKey, created);
            if (platform.SealsWithDpapi && SealedSecretColumns.CountSealedAs(connection, SealedSecretFormat.DpapiFixedEntropy) > 0)
            {
                var (resealed, unreadable) = SealedSecretColumns.Reseal(connection, SealedSecretFormat.DpapiFixedEntropy, protector);
                // Secrets from another machine stay in the old format and are tried at every open: warn only when something changed.
                if (resealed > 0)
                    logger?.LogWarning("Resealed {Resealed} secrets of {Store} from the old fixed DPAPI entropy to this store's entropy file {EntropyFile}; {Unreadable} could not be unsealed on this machine and were left as they were.",
                        resealed, files.Database, files.KeyFile, unreadable);
                else
                    logger?.LogDebug("{Unreadable} secrets of {Store} in the old fixed DPAPI entropy could not be unsealed on this machine and were left as they were.",
                        unreadable, files.Database);
            }
            return (protector, keyCheck);
        }
    }
}
