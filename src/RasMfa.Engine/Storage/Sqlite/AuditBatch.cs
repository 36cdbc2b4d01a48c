using System.Collections.Generic;
using RasMfa.Engine.Audit;
using RasMfa.Engine.Mfa;

namespace RasMfa.Engine.Storage.Sqlite
{
    /// <summary>
    /// The audit records of one group-commit batch, kept as its logins' writes run and inserted after the last of them, in
    /// the same transaction, in the order the logins ran (so the records' ids keep the batch's order), each by one statement
    /// prepared once per connection and bound by position (<see cref="SqliteStatement"/>). A record whose login's write was
    /// undone goes with it (<see cref="Truncate"/>). SQLite undoes a failed statement alone: a record a constraint refuses
    /// is lost alone, said so on its login's settlement (AuditError), and its login's writes stand, as when each login
    /// inserted its own. Any other failure fails the batch: no login is answered without its audit record.
    /// <para>
    /// One row per statement, not multi-row INSERTs: measured on SQLite 3.53, a statement of 8 or 64 rows costs each row
    /// about twice what the one-row statement run again costs (bench/RESULTS.md, issue 16).
    /// </para>
    /// </summary>
    internal sealed class AuditBatch
    {
        /// <summary>The insert's text, its values by position in the order <see cref="Insert"/> binds them.</summary>
        public const string InsertSql = SqlAuditLog.InsertColumnsSql + " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9) " + SqlAuditLog.OnDuplicateRecordSql;
        private readonly List<(AuthenticationRecord Record, LoginSettlement? Settlement)> _records;

        public AuditBatch(int capacity) => _records = new List<(AuthenticationRecord, LoginSettlement?)>(capacity);

        public int Count => _records.Count;

        /// <summary>Keeps <paramref name="record"/> for the batch's insert; a refusal is set on <paramref name="settlement"/>'s AuditError.</summary>
        public void Add(AuthenticationRecord record, LoginSettlement? settlement) => _records.Add((record, settlement));

        /// <summary>Forgets the records kept after the first <paramref name="count"/>: those of a login whose write was undone.</summary>
        public void Truncate(int count) => _records.RemoveRange(count, _records.Count - count);

        public void Clear() => _records.Clear();

        /// <summary>Inserts every record kept, in order, with <paramref name="insert"/> (<see cref="InsertSql"/>) in the writer's transaction.</summary>
        public void Insert(SqliteStatement insert, SqliteDialect dialect)
        {
            foreach (var (record, settlement) in _records)
            {
                insert.Bind(1, StoreDatabase.Time(record.TimeUtc));
                insert.Bind(2, record.ClientName);
                insert.Bind(3, record.ClientAddress);
                insert.Bind(4, record.UserName);
                insert.Bind(5, record.Result);
                insert.Bind(6, record.Reason);
                insert.Bind(7, record.Method);
                insert.Bind(8, record.Milliseconds);
                insert.Bind(9, record.RecordId);
                try
                {
                    insert.Run();
                }
                catch (Microsoft.Data.Sqlite.SqliteException e) when (dialect.IsConstraintViolation(e))
                {
                    // Only the insert is undone: the login's own writes stand (its code used, its failure counted); the record is lost, and said so.
                    if (settlement != null) settlement.AuditError = e;
                }
            }
        }
    }
}
