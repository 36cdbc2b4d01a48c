using System;
using System.Globalization;

namespace RasMfa.Engine.Storage
{
    /// <summary>
    /// A time as the store holds it: UTC, as ISO 8601 text ("o": 2026-11-29T17:48:09.1234567Z), which sorts as the times do,
    /// so that the SQL compares it as text (locked_until_utc &lt;= @now) and every RasMfa version sharing a store reads it.
    /// The login path reads a few per login: the form this version writes is read by hand, without DateTime.Parse's
    /// culture and pattern machinery; any other form (an older version's, an admin's edit) as DateTime.Parse reads it.
    /// </summary>
    internal static class StoredTime
    {
        // yyyy-MM-ddTHH:mm:ss.fffffffZ
        private const int RoundTripLength = 28;

        public static string Format(DateTime utc) => utc.ToString("o", CultureInfo.InvariantCulture);

        public static DateTime Parse(string stored) =>
            TryParseRoundTrip(stored, out var time) ? time : DateTime.Parse(stored, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind);

        /// <summary>The UTC round-trip form exactly, every field in range; false for anything else.</summary>
        internal static bool TryParseRoundTrip(string text, out DateTime time)
        {
            time = default;
            if (text.Length != RoundTripLength || text[4] != '-' || text[7] != '-' || text[10] != 'T' || text[13] != ':' || text[16] != ':'
                || text[19] != '.' || text[27] != 'Z') return false;
            if (!Digits(text, 0, 4, out int year) || !Digits(text, 5, 2, out int month) || !Digits(text, 8, 2, out int day)
                || !Digits(text, 11, 2, out int hour) || !Digits(text, 14, 2, out int minute) || !Digits(text, 17, 2, out int second)
                || !Digits(text, 20, 7, out int fraction)) return false;
            if (year < 1 || month < 1 || month > 12 || day < 1 || day > DateTime.DaysInMonth(year, month) || hour > 23 || minute > 59 || second > 59) return false;
            time = new DateTime(year, month, day, hour, minute, second, DateTimeKind.Utc).AddTicks(fraction);
            return true;
        }

        private static bool Digits(string text, int start, int count, out int value)
        {
            value = 0;
            for (int i = start; i < start + count; i++)
            {
                int digit = text[i] - '0';
                if ((uint)digit > 9) return false;
                value = value * 10 + digit;
            }
            return true;
        }
    }
}
