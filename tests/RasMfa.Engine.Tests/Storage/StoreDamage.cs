using Microsoft.Data.Sqlite;

namespace RasMfa.Engine.Tests.Storage
{
    /// <summary>Damages a stored value as a bad sector or a careless edit would, through SQLite itself.</summary>
    public static class StoreDamage
    {
        /// <summary>Flips the last octet of one row's sealed value (its ciphertext or tag): it no longer unseals.</summary>
        public static void FlipLastOctet(string databasePath, string table, string column, string name, string keyColumn = "name")
        {
            using var connection = new SqliteConnection($"Data Source={databasePath};Pooling=False");
            connection.Open();
            byte[] value;
            using (var read = connection.CreateCommand())
            {
                read.CommandText = $"SELECT {column} FROM {table} WHERE {keyColumn} = $name";
                read.Parameters.AddWithValue("$name", name);
                value = (byte[])read.ExecuteScalar()!;
            }
            value[value.Length - 1] ^= 0xFF;
            using var write = connection.CreateCommand();
            write.CommandText = $"UPDATE {table} SET {column} = $value WHERE {keyColumn} = $name";
            write.Parameters.AddWithValue("$value", value);
            write.Parameters.AddWithValue("$name", name);
            write.ExecuteNonQuery();
        }
    }
}
