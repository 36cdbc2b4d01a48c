using System;
using System.Data.Common;

namespace RasMfa.Engine.Storage.Copy
{
    /// <summary>One table's rows from the source's snapshot into the destination's transaction, ids kept, secrets resealed.</summary>
    internal static class TableCopy
    {
        public const string SchemaMismatchErrorId = TableWriter.SchemaMismatchErrorId;

        /// <summary>Copies every row of <paramref name="table"/>; <paramref name="batchDone"/> hears the rows done after each batch.</summary>
        public static long Run(StoreCopyRun run, string table, int batchSize, Action<long> batchDone)
        {
            using var select = StoreDatabase.Command(run.SourceConnection, run.Snapshot, $"SELECT * FROM {table} ORDER BY 1");
            using var reader = select.ExecuteReader();
            var names = ColumnNames(reader);
            using var writer = new TableWriter(run.Target, table, names);
            var values = new object[names.Length];
            long done = 0;
            while (reader.Read())
            {
                reader.GetValues(values);
                int at = writer.SealedAt;
                if (at >= 0 && !(values[at] is DBNull))
                    values[at] = values[at] is byte[] sealedSecret ? run.Reseal(sealedSecret, () => writer.Owner(values)) : run.CarryDamaged(values[at], writer.Owner(values));
                writer.Write(values);
                if (++done % batchSize == 0) batchDone(done);
            }
            return done;
        }

        public static string[] ColumnNames(DbDataReader reader)
        {
            var names = new string[reader.FieldCount];
            for (int i = 0; i < names.Length; i++) names[i] = reader.GetName(i);
            return names;
        }
    }
}
