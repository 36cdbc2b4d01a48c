using System;
using System.Collections.Generic;
using System.Data.Common;
using System.Linq;
using RasMfa.Engine.Tokens;

namespace RasMfa.Engine.Storage
{
    internal sealed class SqlTokenStore : ITokenStore
    {
        /// <summary>A token's columns, its owner's name among them, for a query joining otp_token t and mfa_user u.</summary>
        internal const string Columns =
            "t.id, t.serial, t.user_id, u.user_name, t.type, t.secret, t.algorithm, t.digits, t.period, t.counter, t.last_used_step, t.drift_steps, t.created_utc";
        private const string Select = "SELECT " + Columns + " FROM otp_token t LEFT JOIN mfa_user u ON u.id = t.user_id";
        private readonly StoreDatabase _database;

        public SqlTokenStore(StoreDatabase database) => _database = database;

        public IReadOnlyList<OtpToken> List() => _database.Query(Select + " ORDER BY " + _database.Dialect.SortedByName("t.serial"), Read);

        public OtpToken? GetBySerial(string serial) => _database.Query(Select + " WHERE " + _database.Dialect.NameEquals("t.serial", "@serial"), Read, ("@serial", serial)).FirstOrDefault();

        public void Add(OtpToken token, bool replaceUsersTokens = false)
        {
            try
            {
                token.Id = _database.InTransaction((connection, transaction) =>
                {
                    if (replaceUsersTokens && token.UserId.HasValue)
                    {
                        using var remove = StoreDatabase.Command(connection, transaction, "DELETE FROM otp_token WHERE user_id = @user", ("@user", token.UserId));
                        remove.ExecuteNonQuery();
                    }
                    using var insert = InsertCommand(connection, transaction);
                    return Insert(insert, token);
                }, bumpVersion: false);
            }
            catch (DbException e) when (_database.Dialect.IsConstraintViolation(e))
            {
                throw Conflict(e, token);
            }
        }

        public IReadOnlyList<string?> AddMany(IReadOnlyList<OtpToken> tokens)
        {
            return _database.InTransaction((connection, transaction) =>
            {
                var errors = new List<string?>(tokens.Count);
                using var insert = InsertCommand(connection, transaction);
                // Where a failed statement spoils the transaction (PostgreSQL), each row goes in a savepoint of its own.
                bool guarded = _database.Dialect.FailedStatementSpoilsTransaction;
                foreach (var token in tokens)
                {
                    if (guarded) Run(connection, transaction, "SAVEPOINT token_row");
                    try
                    {
                        token.Id = Insert(insert, token);
                        if (guarded) Run(connection, transaction, "RELEASE SAVEPOINT token_row");
                        errors.Add(null);
                    }
                    catch (DbException e) when (_database.Dialect.IsConstraintViolation(e))
                    {
                        // A failed statement changes nothing; the transaction and the other rows go on.
                        if (guarded) Run(connection, transaction, "ROLLBACK TO SAVEPOINT token_row");
                        errors.Add(Conflict(e, token).Message);
                    }
                }
                return (IReadOnlyList<string?>)errors;
            }, bumpVersion: false);
        }

        private static void Run(DbConnection connection, DbTransaction transaction, string sql)
        {
            using var command = StoreDatabase.Command(connection, transaction, sql);
            command.ExecuteNonQuery();
        }

        public void SetHotpCounter(long tokenId, long counter) =>
            _database.Execute("UPDATE otp_token SET counter = @counter WHERE id = @id", ("@counter", counter), ("@id", tokenId));

        private static DbCommand InsertCommand(DbConnection connection, DbTransaction transaction) =>
            StoreDatabase.Command(connection, transaction,
                "INSERT INTO otp_token (serial, user_id, type, secret, algorithm, digits, period, counter, last_used_step, drift_steps, created_utc) " +
                "VALUES (@serial, @user, @type, @secret, @algorithm, @digits, @period, @counter, @step, @drift, @created) RETURNING id",
                ("@serial", ""), ("@user", null), ("@type", ""), ("@secret", new byte[0]), ("@algorithm", ""), ("@digits", 0), ("@period", 0),
                ("@counter", 0L), ("@step", null), ("@drift", 0), ("@created", ""));

        private long Insert(DbCommand insert, OtpToken token)
        {
            var values = new (string, object?)[]
            {
                ("@serial", token.Serial), ("@user", token.UserId), ("@type", token.Type.ToString()), ("@secret", _database.Seal(insert.Connection!, insert.Transaction!, token.Secret)),
                ("@algorithm", token.Algorithm.ToString()), ("@digits", token.Digits), ("@period", token.Period), ("@counter", token.Counter),
                ("@step", token.LastUsedStep), ("@drift", token.DriftSteps), ("@created", StoreDatabase.Time(token.CreatedUtc)),
            };
            foreach (var (name, value) in values) insert.Parameters[name].Value = value ?? DBNull.Value;
            return (long)insert.ExecuteScalar()!;
        }

        // The serial taken, or the user the token was given to removed since it was read (by another session or server).
        private StoreException Conflict(DbException e, OtpToken token) => _database.Dialect.IsMissingReference(e)
            ? new StoreException(StoreErrorKind.NotFound, "RasMfaUserNotFound",
                $"The user the token '{token.Serial}' was for was removed meanwhile (by another session or server); the token was not stored.", e)
            : new StoreException(StoreErrorKind.Duplicate, "DuplicateTokenSerial", $"A token with serial '{token.Serial}' already exists.", e);

        public void Assign(string serial, long? userId)
        {
            _database.InTransaction((connection, transaction) =>
            {
                Assign(_database.Dialect, connection, transaction, serial, userId);
                return 0;
            }, bumpVersion: false);
        }

        /// <summary>Gives the token to a user (beside any they hold), in the caller's transaction.</summary>
        internal static void Assign(StoreDialect dialect, DbConnection connection, DbTransaction transaction, string serial, long? userId)
        {
            // A mailed enrolment is never given to a user here (only its confirmation makes it a token), whoever calls.
            if (PendingEnrollmentSerial.IsPending(serial)) throw new StoreException(StoreErrorKind.Invalid, Users.UserService.PendingEnrollmentNotAssignable,
                $"'{serial}' is a mailed enrolment waiting for its confirmation; it becomes a token only with Confirm-RasMfaEnrollment.");
            using var command = StoreDatabase.Command(connection, transaction, "UPDATE otp_token SET user_id = @user WHERE " + dialect.NameEquals("serial", "@serial") +
                " AND UPPER(serial) NOT LIKE @pending", ("@user", userId), ("@serial", serial), ("@pending", PendingEnrollmentSerial.AnyPattern));
            if (command.ExecuteNonQuery() == 0) throw NotFound(serial);
        }

        public void Remove(string serial)
        {
            if (_database.Execute($"DELETE FROM otp_token WHERE {_database.Dialect.NameEquals("serial", "@serial")}", ("@serial", serial)) == 0) throw NotFound(serial);
        }

        public bool TryConsumeTotpStep(long tokenId, long step, int driftSteps) =>
            _database.InSession(session => ConsumeTotpStep(session, tokenId, step, driftSteps));

        /// <summary>The replay guard: the step is recorded only if it is later than every step used before.</summary>
        internal static bool ConsumeTotpStep(StoreSession session, long tokenId, long step, int driftSteps)
        {
            return session.Execute(ConsumeTotpStepSql, ("@step", step), ("@drift", driftSteps), ("@id", tokenId)) == 1;
        }

        internal const string ConsumeTotpStepSql =
            "UPDATE otp_token SET last_used_step = @step, drift_steps = @drift WHERE id = @id AND (last_used_step IS NULL OR last_used_step < @step)";

        internal static bool AdvanceHotpCounter(StoreSession session, long tokenId, long expectedCounter, long newCounter)
        {
            return session.Execute(AdvanceHotpCounterSql, ("@new", newCounter), ("@id", tokenId), ("@expected", expectedCounter)) == 1;
        }

        internal const string AdvanceHotpCounterSql = "UPDATE otp_token SET counter = @new WHERE id = @id AND counter = @expected AND @new > counter";

        private static StoreException NotFound(string serial) =>
            new StoreException(StoreErrorKind.NotFound, "TokenNotFound", $"No token has the serial '{serial}'.");

        private OtpToken Read(DbDataReader reader) => Read(reader, 0, _database);

        /// <summary>A token from the <see cref="Columns"/> starting at <paramref name="first"/>, its secret decrypted.</summary>
        private const string TokenOwner = "token '{0}'";

        // The names the store holds (written as the enums' names), without Enum.Parse's reflection on every login's read;
        // anything else as Enum.Parse has always read it (and refused it).
        private static OtpTokenType ReadType(string stored) => stored switch
        {
            nameof(OtpTokenType.Totp) => OtpTokenType.Totp,
            nameof(OtpTokenType.Hotp) => OtpTokenType.Hotp,
            _ => (OtpTokenType)Enum.Parse(typeof(OtpTokenType), stored),
        };

        private static OtpAlgorithm ReadAlgorithm(string stored) => stored switch
        {
            nameof(OtpAlgorithm.Sha1) => OtpAlgorithm.Sha1,
            nameof(OtpAlgorithm.Sha256) => OtpAlgorithm.Sha256,
            nameof(OtpAlgorithm.Sha512) => OtpAlgorithm.Sha512,
            _ => (OtpAlgorithm)Enum.Parse(typeof(OtpAlgorithm), stored),
        };

        internal static OtpToken Read(DbDataReader reader, int first, StoreDatabase database)
        {
            var serial = reader.GetString(first + 1);
            return new OtpToken(serial, ReadType(reader.GetString(first + 4)), database.Unprotect((byte[])reader.GetValue(first + 5), TokenOwner, serial))
            {
                Id = reader.GetInt64(first),
                UserId = reader.IsDBNull(first + 2) ? (long?)null : reader.GetInt64(first + 2),
                UserName = StoreDatabase.ReadOptionalText(reader, first + 3),
                Algorithm = ReadAlgorithm(reader.GetString(first + 6)),
                Digits = (int)reader.GetInt64(first + 7),
                Period = (int)reader.GetInt64(first + 8),
                Counter = reader.GetInt64(first + 9),
                LastUsedStep = reader.IsDBNull(first + 10) ? (long?)null : reader.GetInt64(first + 10),
                DriftSteps = (int)reader.GetInt64(first + 11),
                CreatedUtc = StoreDatabase.ReadTime(reader, first + 12),
            };
        }
    }
}
