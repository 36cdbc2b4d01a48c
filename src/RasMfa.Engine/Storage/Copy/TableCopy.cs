using System;
using System.Collections.Generic;
using System.Data.Common;
using System.Text;

namespace RasMfa.Engine.Storage.Copy
{
    /// <summary>One table's rows from the source's snapshot into the destination's transaction, ids kept, secrets resealed.</summary>
    internal static class TableCopy
    {
        public const string SchemaMismatchErrorId = "StoreCopySchemaMismatch";

        /// <summary>Copies every row of <paramref name="table"/>; <paramref name="batchDone"/> hears the rows done after each batch.</summary>
        public static long Run(StoreCopyRun run, string table, int batchSize, Action<long> batchDone)
        {
            var destinationTypes = ColumnTypes(run.DestinationConnection, run.Transaction, table);
            using var select = StoreDatabase.Command(run.SourceConnection, run.Snapshot, $"SELECT * FROM {table} ORDER BY 1");
            using var reader = select.ExecuteReader();
            int count = reader.FieldCount;
            var names = new string[count];
            var types = new Type[count];
            for (int i = 0; i < count; i++)
            {
                names[i] = reader.GetName(i);
                if (!destinationTypes.TryGetValue(names[i], out types[i]!))
                    throw new StoreException(StoreErrorKind.Invalid, SchemaMismatchErrorId,
                        $"The source's table {table} has a column {names[i]} that the destination's has not: the two stores are not of the same RasMfa version.");
            }
            int sealedAt = IndexOf(names, SealedSecretColumns.SealedColumnOf(table));
            int ownerAt = sealedAt < 0 ? -1 : IndexOf(names, SealedSecretColumns.OwnerOf(table).NameColumn);
            var writtenLast = WrittenLastColumns(run, table, names);

            using var insert = InsertCommand(run, table, names);
            long done = 0;
            while (reader.Read())
            {
                for (int i = 0; i < count; i++)
                {
                    object value = reader.GetValue(i);
                    if (i == sealedAt && !(value is DBNull))
                        value = value is byte[] sealedSecret ? run.Reseal(sealedSecret, () => Owner(table, reader, ownerAt)) : run.CarryDamaged(value, Owner(table, reader, ownerAt));
                    value = ColumnValues.ToColumn(value, types[i], table, names[i]);
                    if (writtenLast.TryGetValue(i, out var last))
                    {
                        last.Values.Add((ColumnValues.ToColumn(reader.GetValue(last.KeyAt), types[last.KeyAt], table, names[last.KeyAt]), value));
                        value = DBNull.Value;
                    }
                    insert.Parameters[i].Value = value;
                }
                insert.ExecuteNonQuery();
                if (++done % batchSize == 0) batchDone(done);
            }
            return done;
        }

        /// <summary>The destination's columns of <paramref name="table"/> and the types its provider gives their values.</summary>
        private static Dictionary<string, Type> ColumnTypes(DbConnection connection, DbTransaction transaction, string table)
        {
            using var command = StoreDatabase.Command(connection, transaction, $"SELECT * FROM {table} WHERE 1 = 0");
            using var reader = command.ExecuteReader();
            var types = new Dictionary<string, Type>(StringComparer.OrdinalIgnoreCase);
            for (int i = 0; i < reader.FieldCount; i++) types[reader.GetName(i)] = reader.GetFieldType(i);
            return types;
        }

        private static DbCommand InsertCommand(StoreCopyRun run, string table, string[] names)
        {
            var columns = new StringBuilder();
            var values = new StringBuilder();
            for (int i = 0; i < names.Length; i++)
            {
                if (i > 0)
                {
                    columns.Append(", ");
                    values.Append(", ");
                }
                columns.Append(names[i]);
                values.Append("@c").Append(i);
            }
            var keepingIds = run.Destination.Dialect.KeepingIds;
            var insert = StoreDatabase.Command(run.DestinationConnection, run.Transaction,
                $"INSERT INTO {table} ({columns}){(keepingIds.Length == 0 ? "" : " " + keepingIds)} VALUES ({values})");
            for (int i = 0; i < names.Length; i++) StoreDatabase.AddParameter(insert, "@c" + i, null);
            return insert;
        }

        private static Dictionary<int, (int KeyAt, List<(object Key, object Value)> Values)> WrittenLastColumns(StoreCopyRun run, string table, string[] names)
        {
            var found = new Dictionary<int, (int, List<(object, object)>)>();
            foreach (var (lastTable, column, key) in StoreCopyTables.WrittenLast)
            {
                if (lastTable != table) continue;
                int at = IndexOf(names, column), keyAt = IndexOf(names, key);
                if (at < 0 || keyAt < 0) continue;
                var values = new List<(object, object)>();
                run.WrittenLast[(table, column)] = values;
                found[at] = (keyAt, values);
            }
            return found;
        }

        private static string Owner(string table, DbDataReader reader, int ownerAt)
        {
            var noun = SealedSecretColumns.OwnerOf(table).Noun;
            return ownerAt < 0 || reader.IsDBNull(ownerAt) ? noun : $"{noun} '{reader.GetValue(ownerAt)}'";
        }

        private static int IndexOf(string[] names, string? name)
        {
            if (name == null) return -1;
            for (int i = 0; i < names.Length; i++) if (string.Equals(names[i], name, StringComparison.OrdinalIgnoreCase)) return i;
            return -1;
        }
    }
}
