using System;
using System.Globalization;

namespace RasMfa.Engine.Storage.Copy
{
    /// <summary>
    /// A value read from one database, as the other's column takes it. The schemas name the same columns, but each database
    /// has its own types for them (SQLite keeps flags as integers and times as ISO-8601 text; another may keep booleans and
    /// timestamps): the destination's column type decides.
    /// </summary>
    internal static class ColumnValues
    {
        public static object ToColumn(object value, Type column, string table, string name)
        {
            if (value is DBNull || value.GetType() == column) return value;
            try
            {
                if (column == typeof(bool)) return value is string text ? bool.Parse(text) : Convert.ToInt64(value, CultureInfo.InvariantCulture) != 0;
                if (column == typeof(DateTime)) return value is DateTimeOffset offset ? offset.UtcDateTime : ParseTime(value);
                if (column == typeof(DateTimeOffset)) return new DateTimeOffset(value is DateTime time ? time.ToUniversalTime() : ParseTime(value));
                if (column == typeof(string)) return Text(value);
                if (column == typeof(byte[])) throw new FormatException($"a {value.GetType().Name} is not octets");
                return Convert.ChangeType(value is bool flag ? (flag ? 1L : 0L) : value, column, CultureInfo.InvariantCulture);
            }
            catch (Exception e) when (e is FormatException || e is InvalidCastException || e is OverflowException)
            {
                throw new StoreException(StoreErrorKind.Invalid, "StoreCopySchemaMismatch",
                    $"{table}.{name} holds a {value.GetType().Name} that the destination's column of {column.Name} cannot take: {e.Message}", e);
            }
        }

        private static DateTime ParseTime(object value) =>
            DateTime.Parse(Convert.ToString(value, CultureInfo.InvariantCulture)!, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind).ToUniversalTime();

        private static string Text(object value) => value switch
        {
            DateTime time => StoreDatabase.Time(time.ToUniversalTime()),
            DateTimeOffset offset => StoreDatabase.Time(offset.UtcDateTime),
            bool flag => flag ? "1" : "0",
            _ => Convert.ToString(value, CultureInfo.InvariantCulture)!,
        };
    }
}
