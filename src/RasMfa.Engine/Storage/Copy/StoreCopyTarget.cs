using System;
using System.Collections.Generic;
using System.Data.Common;

namespace RasMfa.Engine.Storage.Copy
{
    /// <summary>
    /// The store rows are written into, in one transaction, whether they come from another store (a copy) or from a file
    /// (an import): what it holds, clearing it, sealing secrets with its key, and the steps that follow the last row.
    /// </summary>
    internal sealed class StoreCopyTarget
    {
        public StoreCopyTarget(StoreDatabase destination, DbConnection connection, DbTransaction transaction)
        {
            Destination = destination;
            Connection = connection;
            Transaction = transaction;
        }

        public StoreDatabase Destination { get; }
        public DbConnection Connection { get; }
        public DbTransaction Transaction { get; }

        /// <summary>Secrets sealed with the destination's key so far.</summary>
        public long SecretsSealed { get; private set; }

        /// <summary>Values of <see cref="StoreCopyTables.WrittenLast"/> columns, by table and column: each row's key and value, as the destination takes them.</summary>
        public Dictionary<(string Table, string Column), List<(object Key, object Value)>> WrittenLast { get; } =
            new Dictionary<(string Table, string Column), List<(object Key, object Value)>>();

        /// <summary>Seals <paramref name="plaintext"/> with the destination's key (refused if that key changed since it was opened); the caller clears the plaintext.</summary>
        public byte[] Seal(byte[] plaintext)
        {
            var sealedSecret = Destination.Seal(Connection, Transaction, plaintext);
            SecretsSealed++;
            return sealedSecret;
        }

        /// <summary>The tables a copy carries in which the destination holds data (a one-row table the schema makes is not data).</summary>
        public IReadOnlyList<StoreCopyTableCount> HeldData() => Count(Connection, Transaction, StoreCopyTables.Copied, skipSingletons: true, onlyHeld: true);

        /// <summary>Removes every row a copy would write, and the transient rows that name them: children before parents.</summary>
        public void Clear()
        {
            var tables = new List<string>(StoreCopyTables.Transient);
            for (int i = StoreCopyTables.Copied.Count - 1; i >= 0; i--) tables.Add(StoreCopyTables.Copied[i]);
            foreach (var table in tables)
            {
                using var delete = StoreDatabase.Command(Connection, Transaction, $"DELETE FROM {table}");
                delete.ExecuteNonQuery();
            }
        }

        /// <summary>
        /// Once every row is in: the columns written last, the id generators moved past the written ids, and the change
        /// version moved on so that running listeners reload. The caller commits.
        /// </summary>
        public void Finish()
        {
            WriteLastColumns();
            foreach (var (idTable, column) in StoreCopyTables.GeneratedIds)
                Destination.Dialect.ContinueIdsAfterRows(Connection, Transaction, idTable, column);
            using var bump = StoreDatabase.Command(Connection, Transaction, "UPDATE change_version SET version = version + 1 WHERE id = 1");
            bump.ExecuteNonQuery();
        }

        public static List<StoreCopyTableCount> Count(DbConnection connection, DbTransaction? transaction, IReadOnlyList<string> tables, bool skipSingletons, bool onlyHeld = false)
        {
            var counts = new List<StoreCopyTableCount>();
            foreach (var table in tables)
            {
                if (skipSingletons && StoreCopyTables.IsSingleton(table)) continue;
                using var command = StoreDatabase.Command(connection, transaction, $"SELECT COUNT(*) FROM {table}");
                long rows = Convert.ToInt64(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
                if (!onlyHeld || rows > 0) counts.Add(new StoreCopyTableCount(table, rows));
            }
            return counts;
        }

        private void WriteLastColumns()
        {
            foreach (var (table, column, key) in StoreCopyTables.WrittenLast)
            {
                // Whatever the destination's triggers wrote while rows arrived is undone, then each row gets the source's value.
                using (var clear = StoreDatabase.Command(Connection, Transaction, $"UPDATE {table} SET {column} = NULL"))
                    clear.ExecuteNonQuery();
                if (!WrittenLast.TryGetValue((table, column), out var rows)) continue;
                using var update = StoreDatabase.Command(Connection, Transaction, $"UPDATE {table} SET {column} = @value WHERE {key} = @key",
                    ("@value", null), ("@key", null));
                foreach (var (rowKey, value) in rows)
                {
                    if (value is DBNull) continue;
                    update.Parameters[0].Value = value;
                    update.Parameters[1].Value = rowKey;
                    update.ExecuteNonQuery();
                }
            }
        }
    }
}
