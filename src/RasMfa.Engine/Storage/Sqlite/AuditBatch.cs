using System.Collections.Generic;
using System.Data.Common;
using RasMfa.Engine.Audit;
using RasMfa.Engine.Mfa;

namespace RasMfa.Engine.Storage.Sqlite
{
    /// <summary>
    /// The audit records of one group-commit batch, kept as its logins' writes run and inserted after the last of them, in
    /// the same transaction, with a few multi-row INSERTs instead of one statement per login: rows of
    /// <see cref="MaxRowsPerInsert"/>, then halves down to one (a few prepared statements cover every batch size). Rows
    /// go in as the logins were run, so the records' ids keep the batch's order. A record whose login's write was undone
    /// goes with it (<see cref="Truncate"/>). SQLite undoes a failed statement alone: a constraint that refuses an insert is
    /// found again row by row, and only the refused record is lost, said so on its login's settlement (as when each login
    /// inserted its own). Any other failure fails the batch: no login is answered without its audit record.
    /// </summary>
    internal sealed class AuditBatch
    {
        /// <summary>Nine values a row: 576 bound values at most, under the oldest SQLite's limit of 999 per statement.</summary>
        public const int MaxRowsPerInsert = 64;
        private const int ValuesPerRow = 9;
        private static readonly string[] InsertSqlByRows = new string[MaxRowsPerInsert + 1];
        private static readonly string[][] NamesByRows = new string[MaxRowsPerInsert + 1][];
        private readonly List<(AuthenticationRecord Record, LoginSettlement? Settlement)> _records;
        // One array of values per statement size, refilled for each insert: a batch allocates none.
        private readonly (string Name, object? Value)[]?[] _valuesByRows = new (string, object?)[]?[MaxRowsPerInsert + 1];

        public AuditBatch(int capacity) => _records = new List<(AuthenticationRecord, LoginSettlement?)>(capacity);

        public int Count => _records.Count;

        /// <summary>Keeps <paramref name="record"/> for the batch's insert; a refusal is set on <paramref name="settlement"/>'s AuditError.</summary>
        public void Add(AuthenticationRecord record, LoginSettlement? settlement) => _records.Add((record, settlement));

        /// <summary>Forgets the records kept after the first <paramref name="count"/>: those of a login whose write was undone.</summary>
        public void Truncate(int count) => _records.RemoveRange(count, _records.Count - count);

        public void Clear() => _records.Clear();

        /// <summary>Inserts every record kept, in order, in <paramref name="session"/>'s transaction.</summary>
        public void Insert(StoreSession session, SqliteDialect dialect)
        {
            int next = 0;
            while (next < _records.Count)
            {
                int rows = MaxRowsPerInsert;
                while (rows > _records.Count - next) rows /= 2;
                try
                {
                    session.Command(InsertSql(rows), Values(next, rows)).ExecuteNonQuery();
                }
                catch (DbException e) when (dialect.IsConstraintViolation(e))
                {
                    // The statement was undone alone: its rows again one by one, to find which the store refuses.
                    for (int i = next; i < next + rows; i++) InsertAlone(session, dialect, i);
                }
                next += rows;
            }
        }

        private void InsertAlone(StoreSession session, SqliteDialect dialect, int index)
        {
            try
            {
                session.Command(InsertSql(1), Values(index, 1)).ExecuteNonQuery();
            }
            catch (DbException e) when (dialect.IsConstraintViolation(e))
            {
                // Only the insert is undone: the login's own writes stand (its code used, its failure counted); the record is lost, and said so.
                var settlement = _records[index].Settlement;
                if (settlement != null) settlement.AuditError = e;
            }
        }

        private (string Name, object? Value)[] Values(int first, int rows)
        {
            var values = _valuesByRows[rows] ??= new (string, object?)[rows * ValuesPerRow];
            var names = Names(rows);
            for (int row = 0; row < rows; row++)
            {
                var record = _records[first + row].Record;
                int at = row * ValuesPerRow;
                values[at] = (names[at], StoreDatabase.Time(record.TimeUtc));
                values[at + 1] = (names[at + 1], record.ClientName);
                values[at + 2] = (names[at + 2], record.ClientAddress);
                values[at + 3] = (names[at + 3], record.UserName);
                values[at + 4] = (names[at + 4], record.Result);
                values[at + 5] = (names[at + 5], record.Reason);
                values[at + 6] = (names[at + 6], record.Method);
                values[at + 7] = (names[at + 7], record.Milliseconds);
                values[at + 8] = (names[at + 8], record.RecordId);
            }
            return values;
        }

        // The statement for a number of rows, and its parameters' names (@time0, @client0, ... @record63), made once.
        private static string InsertSql(int rows)
        {
            var sql = InsertSqlByRows[rows];
            if (sql != null) return sql;
            var names = Names(rows);
            var text = new System.Text.StringBuilder(SqlAuditLog.InsertColumnsSql).Append(" VALUES ");
            for (int row = 0; row < rows; row++)
            {
                text.Append(row == 0 ? "(" : ", (");
                for (int i = 0; i < ValuesPerRow; i++) text.Append(i == 0 ? "" : ", ").Append(names[row * ValuesPerRow + i]);
                text.Append(')');
            }
            return InsertSqlByRows[rows] = text.Append(' ').Append(SqlAuditLog.OnDuplicateRecordSql).ToString();
        }

        private static string[] Names(int rows)
        {
            var names = NamesByRows[rows];
            if (names != null) return names;
            names = new string[rows * ValuesPerRow];
            var bases = new[] { "@time", "@client", "@address", "@user", "@result", "@reason", "@method", "@ms", "@record" };
            for (int row = 0; row < rows; row++)
                for (int i = 0; i < ValuesPerRow; i++) names[row * ValuesPerRow + i] = bases[i] + row;
            return NamesByRows[rows] = names;
        }
    }
}
