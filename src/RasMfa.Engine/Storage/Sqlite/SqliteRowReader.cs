using System;
using System.Collections;
using System.Data.Common;
using SQLitePCL;

namespace RasMfa.Engine.Storage.Sqlite
{
    /// <summary>
    /// The rows of one run of a <see cref="SqliteStatement"/>, read as the provider's reader reads them (so that the code
    /// reading a row is one for every dialect): a value as SQLite stores it (INTEGER a long, TEXT a string, BLOB a byte
    /// array, NULL DBNull), a typed read of NULL an InvalidOperationException. One reader per statement, opened again for
    /// each run; closing it (dispose) resets the statement. Reads what the login writer's statements read: columns by
    /// position, no schema, one result.
    /// </summary>
    internal sealed class SqliteRowReader : DbDataReader
    {
        private readonly SqliteStatement _statement;
        private bool _open;
        private bool _firstRowWaiting;
        private bool _onRow;
        private bool _ended;
        private bool _hasRows;
        private int _fieldCount;

        public SqliteRowReader(SqliteStatement statement) => _statement = statement;

        /// <summary>Runs the statement to its first row (or its end): its failure throws here, as the provider's ExecuteReader does.</summary>
        public void Open()
        {
            if (_open) throw new InvalidOperationException("The statement's rows are still being read: close its reader first.");
            bool row = _statement.Step();
            // Known once stepped: a statement SQLite prepared again (the schema changed) may have other columns.
            _fieldCount = _statement.ColumnCount;
            _open = true;
            _hasRows = _firstRowWaiting = row;
            _ended = !row;
            _onRow = false;
        }

        public override bool Read()
        {
            if (!_open) throw new InvalidOperationException("The reader is closed.");
            if (_firstRowWaiting)
            {
                _firstRowWaiting = false;
                return _onRow = true;
            }
            // Past the end a step would run the statement again.
            if (_ended) return _onRow = false;
            _onRow = _statement.Step();
            _ended = !_onRow;
            return _onRow;
        }

        public override void Close()
        {
            if (!_open) return;
            _open = false;
            _onRow = _firstRowWaiting = false;
            _statement.Reset();
        }

        public override bool IsClosed => !_open;

        public override bool HasRows => _hasRows;

        public override int FieldCount => _fieldCount;

        public override int Depth => 0;

        public override int RecordsAffected => _statement.IsReadOnly ? -1 : _statement.RowsChanged;

        public override bool NextResult() => false;

        public override bool IsDBNull(int ordinal) => Type(ordinal) == raw.SQLITE_NULL;

        public override object GetValue(int ordinal) => Type(ordinal) switch
        {
            raw.SQLITE_INTEGER => _statement.ColumnInt64(ordinal),
            raw.SQLITE_FLOAT => _statement.ColumnDouble(ordinal),
            raw.SQLITE_TEXT => _statement.ColumnText(ordinal),
            raw.SQLITE_BLOB => _statement.ColumnBlob(ordinal),
            _ => DBNull.Value,
        };

        public override int GetValues(object[] values)
        {
            int count = Math.Min(values.Length, FieldCount);
            for (int i = 0; i < count; i++) values[i] = GetValue(i);
            return count;
        }

        public override object this[int ordinal] => GetValue(ordinal);

        public override object this[string name] => GetValue(GetOrdinal(name));

        public override long GetInt64(int ordinal) => NotNull(ordinal) ? _statement.ColumnInt64(ordinal) : 0;

        public override int GetInt32(int ordinal) => checked((int)GetInt64(ordinal));

        public override short GetInt16(int ordinal) => checked((short)GetInt64(ordinal));

        public override byte GetByte(int ordinal) => checked((byte)GetInt64(ordinal));

        public override bool GetBoolean(int ordinal) => GetInt64(ordinal) != 0;

        public override double GetDouble(int ordinal) => NotNull(ordinal) ? _statement.ColumnDouble(ordinal) : 0;

        public override float GetFloat(int ordinal) => (float)GetDouble(ordinal);

        public override decimal GetDecimal(int ordinal) => (decimal)GetDouble(ordinal);

        public override string GetString(int ordinal) => NotNull(ordinal) ? _statement.ColumnText(ordinal) : "";

        public override char GetChar(int ordinal) => GetString(ordinal)[0];

        public override string GetName(int ordinal) => _statement.ColumnName(ordinal);

        public override int GetOrdinal(string name)
        {
            for (int i = 0; i < FieldCount; i++)
                if (string.Equals(GetName(i), name, StringComparison.OrdinalIgnoreCase)) return i;
            throw new IndexOutOfRangeException(name);
        }

        public override string GetDataTypeName(int ordinal) => Type(ordinal) switch
        {
            raw.SQLITE_INTEGER => "INTEGER",
            raw.SQLITE_FLOAT => "REAL",
            raw.SQLITE_TEXT => "TEXT",
            raw.SQLITE_BLOB => "BLOB",
            _ => "NULL",
        };

        public override Type GetFieldType(int ordinal) => GetValue(ordinal).GetType();

        // Not read on the login writer's path; the provider's reader does these for everything else.
        public override long GetBytes(int ordinal, long dataOffset, byte[]? buffer, int bufferOffset, int length) => throw new NotSupportedException();

        public override long GetChars(int ordinal, long dataOffset, char[]? buffer, int bufferOffset, int length) => throw new NotSupportedException();

        public override DateTime GetDateTime(int ordinal) => throw new NotSupportedException("Times are stored as text: read them with StoredTime.");

        public override Guid GetGuid(int ordinal) => throw new NotSupportedException();

        public override IEnumerator GetEnumerator() => throw new NotSupportedException();

        private int Type(int ordinal)
        {
            if (!_onRow) throw new InvalidOperationException("No row: call Read first.");
            if ((uint)ordinal >= (uint)FieldCount) throw new ArgumentOutOfRangeException(nameof(ordinal));
            return _statement.ColumnType(ordinal);
        }

        private bool NotNull(int ordinal) =>
            Type(ordinal) != raw.SQLITE_NULL ? true : throw new InvalidOperationException($"The value of column {ordinal} is NULL.");
    }
}
