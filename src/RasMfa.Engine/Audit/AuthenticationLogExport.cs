using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Text;
using System.Text.Json;

namespace RasMfa.Engine.Audit
{
    /// <summary>How Export-RasMfaAuthenticationLog writes records.</summary>
    public enum AuthenticationLogFormat
    {
        /// <summary>RFC 4180 CSV with a header row, for a spreadsheet: every cell quoted, formulas defused.</summary>
        Csv,

        /// <summary>One JSON object per line (JSON Lines), for a SIEM.</summary>
        Json,
    }

    /// <summary>
    /// Writes audit records as they are read (never the whole log in memory) and counts them. A CSV cell that a spreadsheet
    /// would take as a formula (= + - @ first after blanks, full-width forms folded; or a leading tab or line break) is prefixed with an apostrophe: a user
    /// name is whatever a RADIUS client sent, and must never run in the admin's spreadsheet.
    /// </summary>
    public static class AuthenticationLogExport
    {
        private static readonly string[] Columns = { "Id", "TimeUtc", "ClientName", "ClientAddress", "UserName", "Result", "Reason", "Method", "Milliseconds" };

        public static long Write(IEnumerable<AuthenticationRecord> records, Stream output, AuthenticationLogFormat format)
        {
            using var writer = new StreamWriter(output, new UTF8Encoding(false), 64 * 1024, leaveOpen: true) { NewLine = format == AuthenticationLogFormat.Csv ? "\r\n" : "\n" };
            long count = 0;
            if (format == AuthenticationLogFormat.Csv) writer.WriteLine(string.Join(",", Columns));
            foreach (var record in records)
            {
                var cells = Cells(record);
                if (format == AuthenticationLogFormat.Csv) writer.WriteLine(CsvLine(cells));
                else writer.WriteLine(JsonLine(cells));
                count++;
            }
            writer.Flush();
            return count;
        }

        /// <summary>A spreadsheet-safe CSV cell: quoted, quotes doubled, and a would-be formula prefixed with an apostrophe.</summary>
        public static string CsvCell(string value)
        {
            if (IsFormulaShaped(value)) value = "'" + value;
            return "\"" + value.Replace("\"", "\"\"") + "\"";
        }

        // Spreadsheets differ in what they take for a formula: some trim blanks on import, some fold full-width
        // characters (U+FF1D) to ASCII. So the first character that is not blank, after NFKC folding, decides; and a
        // cell starting with a line break or tab is defused whatever follows.
        private static bool IsFormulaShaped(string value)
        {
            if (value.Length == 0) return false;
            if ("\t\r\n".IndexOf(value[0]) >= 0) return true;
            string folded;
            try
            {
                folded = value.Normalize(NormalizationForm.FormKC);
            }
            catch (ArgumentException)
            {
                return true; // a lone surrogate, where the runtime refuses to fold it: defused rather than guessed
            }
            return StartsLikeAFormula(folded) || StartsLikeAFormula(value);
        }

        // The compatibility forms NFKC folds to = + - @ (full-width, small, superscript, subscript), checked as well by
        // name: Mono's normalization tables do not fold all of them (U+FE63 stays itself there).
        private const string FormulaStarts = "=+-@\uFF1D\uFF0B\uFF0D\uFF20\uFE66\uFE62\uFE63\uFE6B\u207C\u207A\u207B\u208C\u208A\u208B";

        private static bool StartsLikeAFormula(string text)
        {
            foreach (var c in text)
            {
                if (char.IsWhiteSpace(c) || char.IsControl(c)) continue;
                return FormulaStarts.IndexOf(c) >= 0;
            }
            return false;
        }

        private static object[] Cells(AuthenticationRecord record) => new object[]
        {
            record.Id, record.TimeUtc.ToUniversalTime().ToString("o", CultureInfo.InvariantCulture), record.ClientName, record.ClientAddress,
            record.UserName, record.Result, record.Reason, record.Method, record.Milliseconds,
        };

        private static string CsvLine(object[] cells)
        {
            var line = new StringBuilder();
            for (int i = 0; i < cells.Length; i++)
            {
                if (i > 0) line.Append(',');
                // Numbers are RasMfa's own and never negative: written bare, so a spreadsheet sorts them as numbers.
                line.Append(cells[i] is string text ? CsvCell(text) : Convert.ToString(cells[i], CultureInfo.InvariantCulture));
            }
            return line.ToString();
        }

        private static string JsonLine(object[] cells)
        {
            using var buffer = new MemoryStream();
            using (var json = new Utf8JsonWriter(buffer))
            {
                json.WriteStartObject();
                for (int i = 0; i < cells.Length; i++)
                {
                    switch (cells[i])
                    {
                        case string text: json.WriteString(Columns[i], text); break;
                        case long number: json.WriteNumber(Columns[i], number); break;
                        case double number: json.WriteNumber(Columns[i], number); break;
                    }
                }
                json.WriteEndObject();
            }
            return Encoding.UTF8.GetString(buffer.ToArray());
        }
    }
}
