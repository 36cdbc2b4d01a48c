using System;
using System.Collections.Generic;
using System.Data.Common;
using System.Text;

namespace RasMfa.Engine.Storage.Copy
{
    /// <summary>
    /// Writes rows of one table into a <see cref="StoreCopyTarget"/>, ids kept: each value converted to the type the
    /// destination's column reports, the columns written last held back. Its rows come from another store or from a file;
    /// the caller puts the secret, already sealed with the destination's key, at <see cref="SealedAt"/>.
    /// </summary>
    internal sealed class TableWriter : IDisposable
    {
        public const string SchemaMismatchErrorId = "StoreCopySchemaMismatch";
        private readonly StoreCopyTarget _target;
        private readonly string _table;
        private readonly string[] _names;
        private readonly Type[] _types;
        private readonly Dictionary<int, (int KeyAt, List<(object Key, object Value)> Values)> _writtenLast;
        private readonly DbCommand _insert;

        /// <param name="names">The columns each row gives, in order; every one must be a column of the destination's table.</param>
        public TableWriter(StoreCopyTarget target, string table, string[] names)
        {
            _target = target;
            _table = table;
            _names = names;
            var destinationTypes = ColumnTypes(target.Connection, target.Transaction, table);
            _types = new Type[names.Length];
            for (int i = 0; i < names.Length; i++)
            {
                if (!destinationTypes.TryGetValue(names[i], out _types[i]!))
                    throw new StoreException(StoreErrorKind.Invalid, SchemaMismatchErrorId,
                        $"The source's table {table} has a column {names[i]} that the destination's has not: the two stores are not of the same RasMfa version.");
            }
            SealedAt = IndexOf(names, SealedSecretColumns.SealedColumnOf(table));
            OwnerAt = SealedAt < 0 ? -1 : IndexOf(names, SealedSecretColumns.OwnerOf(table).NameColumn);
            _writtenLast = WrittenLastColumns(target, table, names);
            _insert = InsertCommand(target, table, names);
        }

        /// <summary>The index of the table's sealed column among the row's values, or -1.</summary>
        public int SealedAt { get; }

        /// <summary>The index of the column that names the sealed secret's owner, or -1.</summary>
        public int OwnerAt { get; }

        /// <summary>How an admin names the record <paramref name="values"/> is ("token 'ABC123'").</summary>
        public string Owner(object[] values)
        {
            var noun = SealedSecretColumns.OwnerOf(_table).Noun;
            return OwnerAt < 0 || values[OwnerAt] is DBNull ? noun : $"{noun} '{values[OwnerAt]}'";
        }

        /// <summary>Inserts one row; <paramref name="values"/> are in the order of the names given, as the source had them.</summary>
        public void Write(object[] values)
        {
            for (int i = 0; i < _names.Length; i++)
            {
                object value = ColumnValues.ToColumn(values[i], _types[i], _table, _names[i]);
                if (_writtenLast.TryGetValue(i, out var last))
                {
                    last.Values.Add((ColumnValues.ToColumn(values[last.KeyAt], _types[last.KeyAt], _table, _names[last.KeyAt]), value));
                    value = DBNull.Value;
                }
                _insert.Parameters[i].Value = value;
            }
            _insert.ExecuteNonQuery();
        }

        public void Dispose() => _insert.Dispose();

        /// <summary>The destination's columns of <paramref name="table"/> and the types its provider gives their values.</summary>
        private static Dictionary<string, Type> ColumnTypes(DbConnection connection, DbTransaction transaction, string table)
        {
            using var command = StoreDatabase.Command(connection, transaction, $"SELECT * FROM {table} WHERE 1 = 0");
            using var reader = command.ExecuteReader();
            var types = new Dictionary<string, Type>(StringComparer.OrdinalIgnoreCase);
            for (int i = 0; i < reader.FieldCount; i++) types[reader.GetName(i)] = reader.GetFieldType(i);
            return types;
        }

        private static DbCommand InsertCommand(StoreCopyTarget target, string table, string[] names)
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
            var keepingIds = target.Destination.Dialect.KeepingIds;
            var insert = StoreDatabase.Command(target.Connection, target.Transaction,
                $"INSERT INTO {table} ({columns}){(keepingIds.Length == 0 ? "" : " " + keepingIds)} VALUES ({values})");
            for (int i = 0; i < names.Length; i++) StoreDatabase.AddParameter(insert, "@c" + i, null);
            return insert;
        }

        private static Dictionary<int, (int KeyAt, List<(object Key, object Value)> Values)> WrittenLastColumns(StoreCopyTarget target, string table, string[] names)
        {
            var found = new Dictionary<int, (int, List<(object, object)>)>();
            foreach (var (lastTable, column, key) in StoreCopyTables.WrittenLast)
            {
                if (lastTable != table) continue;
                int at = IndexOf(names, column), keyAt = IndexOf(names, key);
                if (at < 0 || keyAt < 0) continue;
                var values = new List<(object, object)>();
                target.WrittenLast[(table, column)] = values;
                found[at] = (keyAt, values);
            }
            return found;
        }

        private static int IndexOf(string[] names, string? name)
        {
            if (name == null) return -1;
            for (int i = 0; i < names.Length; i++) if (string.Equals(names[i], name, StringComparison.OrdinalIgnoreCase)) return i;
            return -1;
        }
    }
}
