using System;
using System.IO;
using System.Linq;
using Microsoft.Data.Sqlite;
using RasMfa.Engine.Storage.Sqlite;
using Xunit;

namespace RasMfa.Engine.Tests.Storage
{
    /// <summary>
    /// The SQLite writer's statements run on SQLite's own API (<see cref="SqliteStatementSet"/>): the rows they write and
    /// read, and the counts they give, must be what the provider's commands write, read and give for the same text and
    /// values, as the login path's code reads them for every dialect.
    /// </summary>
    public sealed class SqliteStatementSetTests : IDisposable
    {
        private readonly string _folder = Path.Combine(Path.GetTempPath(), "rasmfa-stmts-" + Guid.NewGuid().ToString("N"));
        private readonly SqliteConnection _connection;
        private readonly SqliteStatementSet _set;

        private const string Insert = "INSERT INTO item (id, name, data, count, ratio) VALUES (@id, @name, @data, @count, @ratio)";
        private const string Select = "SELECT id, name, data, count, ratio FROM item WHERE id = @id";

        public SqliteStatementSetTests()
        {
            // A connection opened before any store: SQLite's native library is found as the engine finds it (Mono, net472).
            SqliteNativeLoader.EnsureLoaded();
            Directory.CreateDirectory(_folder);
            _connection = new SqliteConnection($"Data Source={Path.Combine(_folder, "set.db")};Pooling=False");
            _connection.Open();
            Provider("CREATE TABLE item (id INTEGER PRIMARY KEY, name TEXT, data BLOB, count INTEGER, ratio REAL)");
            _set = new SqliteStatementSet(_connection);
        }

        public void Dispose()
        {
            _set.Dispose();
            _connection.Dispose();
            try { Directory.Delete(_folder, true); } catch (IOException) { }
        }

        private int Provider(string sql, params (string Name, object? Value)[] parameters)
        {
            using var command = _connection.CreateCommand();
            command.CommandText = sql;
            foreach (var (name, value) in parameters) command.Parameters.AddWithValue(name, value ?? DBNull.Value);
            return command.ExecuteNonQuery();
        }

        private object[] ReadByProvider(long id)
        {
            using var command = _connection.CreateCommand();
            command.CommandText = Select;
            command.Parameters.AddWithValue("@id", id);
            using var reader = command.ExecuteReader();
            Assert.True(reader.Read());
            var values = new object[reader.FieldCount];
            reader.GetValues(values);
            return values;
        }

        private object[] ReadBySet(long id)
        {
            using var reader = _set.Query(Select, new (string, object?)[] { ("@id", id) });
            Assert.True(reader.Read());
            var values = new object[reader.FieldCount];
            reader.GetValues(values);
            Assert.False(reader.Read());
            return values;
        }

        [Theory]
        [InlineData(1L, "alice", new byte[] { 1, 2, 0, 3 }, 7, 0.5)]
        [InlineData(2L, "a\0b with a NUL, and ü", new byte[0], int.MinValue, -1.25)]
        [InlineData(3L, "", null, 0, 0.0)]
        [InlineData(4L, null, new byte[] { 255 }, int.MaxValue, double.MaxValue)]
        public void A_row_written_and_read_through_the_set_is_the_row_the_provider_writes_and_reads(long id, string? name, byte[]? data, int count, double ratio)
        {
            var values = new (string, object?)[] { ("@id", id), ("@name", name), ("@data", data), ("@count", count), ("@ratio", ratio) };
            Assert.Equal(1, _set.Execute(Insert, values));
            Provider(Insert, ("@id", id + 100), ("@name", name), ("@data", data), ("@count", count), ("@ratio", ratio));

            var bySet = ReadBySet(id);
            Assert.Equal(ReadByProvider(id + 100).Skip(1), ReadByProvider(id).Skip(1));
            Assert.Equal(ReadByProvider(id), bySet);
            Assert.Equal(data == null ? typeof(DBNull) : typeof(byte[]), bySet[2].GetType()); // an empty array is an empty BLOB, not NULL
        }

        [Fact]
        public void Rows_changed_are_counted_as_the_provider_counts_them_and_a_select_changes_none()
        {
            for (long id = 1; id <= 3; id++) _set.Execute(Insert, new (string, object?)[] { ("@id", id), ("@name", "n"), ("@data", null), ("@count", 1), ("@ratio", 0.0) });
            const string Raise = "UPDATE item SET count = count + 1 WHERE count < @limit";
            Assert.Equal(3, _set.Execute(Raise, new (string, object?)[] { ("@limit", 2) }));
            Assert.Equal(0, _set.Execute(Raise, new (string, object?)[] { ("@limit", 2) }));
            Assert.Equal(0, Provider(Raise, ("@limit", 2)));
            Assert.Equal(-1, _set.Execute(Select, new (string, object?)[] { ("@id", 1L) }));
        }

        [Fact]
        public void A_text_run_again_with_other_values_reads_the_new_row_and_a_missing_value_is_refused_not_left_from_before()
        {
            _set.Execute(Insert, new (string, object?)[] { ("@id", 1L), ("@name", "first"), ("@data", null), ("@count", 1), ("@ratio", 0.0) });
            _set.Execute(Insert, new (string, object?)[] { ("@id", 2L), ("@name", "second"), ("@data", null), ("@count", 2), ("@ratio", 0.0) });
            Assert.Equal("second", ReadBySet(2)[1]);
            Assert.Equal("first", ReadBySet(1)[1]);

            Assert.Throws<InvalidOperationException>(() => _set.Execute(Insert, new (string, object?)[] { ("@id", 3L), ("@name", "third") }));
            using var count = new SqliteCommand("SELECT COUNT(*) FROM item WHERE id = 3", _connection);
            Assert.Equal(0L, (long)count.ExecuteScalar()!);
        }

        [Fact]
        public void A_text_that_cannot_be_prepared_throws_as_the_provider_does_and_is_not_kept()
        {
            var error = Assert.Throws<SqliteException>(() => _set.Execute("UPDATE missing SET x = 1 WHERE id = @id", new (string, object?)[] { ("@id", 1L) }));
            Assert.Equal(1, error.SqliteErrorCode); // SQLITE_ERROR: no such table
            Assert.Equal(0, _set.Count);
        }

        [Fact]
        public void A_list_of_statements_is_refused_rather_than_run_in_part()
        {
            Assert.Throws<ArgumentException>(() => _set.Execute("UPDATE item SET count = 0; DELETE FROM item", new (string, object?)[0]));
            Assert.Equal(0, _set.Count);
        }

        [Fact]
        public void A_statement_whose_rows_are_still_read_is_not_run_again_underneath_its_reader()
        {
            _set.Execute(Insert, new (string, object?)[] { ("@id", 1L), ("@name", "n"), ("@data", null), ("@count", 1), ("@ratio", 0.0) });
            using var open = _set.Query(Select, new (string, object?)[] { ("@id", 1L) });
            Assert.Throws<InvalidOperationException>(() => _set.Query(Select, new (string, object?)[] { ("@id", 1L) }));
            Assert.True(open.Read());
            Assert.Equal("n", open.GetString(1));
        }

        [Fact]
        public void A_typed_read_of_NULL_fails_as_the_providers_does_and_IsDBNull_says_so()
        {
            _set.Execute(Insert, new (string, object?)[] { ("@id", 1L), ("@name", null), ("@data", null), ("@count", null), ("@ratio", null) });
            using var reader = _set.Query(Select, new (string, object?)[] { ("@id", 1L) });
            Assert.True(reader.Read());
            Assert.True(reader.IsDBNull(1));
            Assert.Throws<InvalidOperationException>(() => reader.GetString(1));
            Assert.Throws<InvalidOperationException>(() => reader.GetInt64(3));
        }
    }
}
