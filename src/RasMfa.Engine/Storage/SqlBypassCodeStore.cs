using System;
using System.Collections.Generic;
using System.Data.Common;
using RasMfa.Engine.Audit;
using RasMfa.Engine.BypassCodes;

namespace RasMfa.Engine.Storage
{
    /// <summary>Bypass codes at rest: the hash key sealed like the other secrets, the keyed hash in clear; each change with its audit record.</summary>
    internal sealed class SqlBypassCodeStore : IBypassCodeStore
    {
        private const string Select =
            "SELECT b.id, u.user_name, b.created_utc, b.expires_utc, b.uses_left, b.created_by FROM bypass_code b JOIN mfa_user u ON u.id = b.user_id";
        private readonly StoreDatabase _database;

        public SqlBypassCodeStore(StoreDatabase database) => _database = database;

        public IReadOnlyList<long> Add(long userId, IReadOnlyList<NewBypassCode> codes, AuthenticationRecord audit, int maxLive) =>
            _database.InTransaction((connection, transaction) =>
            {
                // Counted in the insert's transaction (administrative writes are serialized on both databases): two sessions
                // making codes at once cannot pass the cap the guessing bound counts on.
                using (var count = StoreDatabase.Command(connection, transaction,
                    "SELECT COUNT(*) FROM bypass_code WHERE user_id = @user AND uses_left > 0 AND expires_utc > @now", ("@user", userId), ("@now", StoreDatabase.Time(audit.TimeUtc))))
                {
                    long live = Convert.ToInt64(count.ExecuteScalar());
                    if (live + codes.Count > maxLive)
                        throw new StoreException(StoreErrorKind.Conflict, "BypassCodeLimitReached",
                            $"'{audit.UserName}' holds {live} usable bypass code(s); at most {maxLive} at once. Remove some first (Remove-RasMfaBypassCode).");
                }
                var ids = new List<long>(codes.Count);
                foreach (var code in codes)
                {
                    using var insert = StoreDatabase.Command(connection, transaction,
                        "INSERT INTO bypass_code (user_id, hash_key, hash, uses_left, created_utc, expires_utc, created_by) " +
                        "VALUES (@user, @key, @hash, @uses, @created, @expires, @by) RETURNING id",
                        ("@user", userId), ("@key", _database.Seal(connection, transaction, code.HashKey)), ("@hash", code.Hash), ("@uses", code.Uses),
                        ("@created", StoreDatabase.Time(code.CreatedUtc)), ("@expires", StoreDatabase.Time(code.ExpiresUtc)), ("@by", code.CreatedBy));
                    ids.Add(Convert.ToInt64(insert.ExecuteScalar()));
                }
                InsertAudit(connection, transaction, audit);
                return (IReadOnlyList<long>)ids;
            }, bumpVersion: false);

        public IReadOnlyList<BypassCode> List(long? userId = null) => userId == null
            ? _database.Query(Select + " ORDER BY b.id", Read)
            : _database.Query(Select + " WHERE b.user_id = @user ORDER BY b.id", Read, ("@user", userId.Value));

        public int Remove(IReadOnlyList<long> ids, Func<BypassCode, AuthenticationRecord> auditOf) =>
            _database.InTransaction((connection, transaction) =>
            {
                int removed = 0;
                foreach (var id in ids)
                {
                    BypassCode? code;
                    using (var read = StoreDatabase.Command(connection, transaction, Select + " WHERE b.id = @id", ("@id", id)))
                    using (var reader = read.ExecuteReader())
                        code = reader.Read() ? Read(reader) : null;
                    if (code == null) continue;
                    using var delete = StoreDatabase.Command(connection, transaction, "DELETE FROM bypass_code WHERE id = @id", ("@id", id));
                    if (delete.ExecuteNonQuery() == 0) continue;
                    removed++;
                    InsertAudit(connection, transaction, auditOf(code));
                }
                return removed;
            }, bumpVersion: false);

        private static void InsertAudit(DbConnection connection, DbTransaction transaction, AuthenticationRecord audit)
        {
            using var insert = StoreDatabase.Command(connection, transaction, SqlAuditLog.InsertSql, SqlAuditLog.InsertParameters(audit));
            insert.ExecuteNonQuery();
        }

        private static BypassCode Read(DbDataReader reader) => new BypassCode(
            reader.GetInt64(0), reader.GetString(1), StoreDatabase.ReadTime(reader, 2), StoreDatabase.ReadTime(reader, 3), (int)reader.GetInt64(4), reader.GetString(5));
    }
}
