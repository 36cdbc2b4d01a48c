using System;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.Json;
using RasMfa.Engine.Audit;
using Xunit;

namespace RasMfa.Engine.Tests.AuditLog
{
    /// <summary>Export-RasMfaAuthenticationLog's formats: CSV a spreadsheet cannot be made to run, JSON Lines a SIEM reads.</summary>
    public sealed class AuthenticationLogExportTests
    {
        private static readonly AuthenticationRecord[] Records =
        {
            new AuthenticationRecord { Id = 1, TimeUtc = new DateTime(2026, 1, 2, 3, 4, 5, DateTimeKind.Utc), ClientName = "ras", ClientAddress = "10.0.0.10",
                UserName = "=HYPERLINK(\"http://evil\",\"x\")", Result = "Reject", Reason = "UnknownUser", Method = "", Milliseconds = 1.5 },
            new AuthenticationRecord { Id = 2, ClientName = "ras", UserName = "+1", Result = "Accept", Reason = "a \"quoted\", reason", Method = "TOTP" },
            new AuthenticationRecord { Id = 3, ClientName = "ras", UserName = "-2", Result = "Accept", Reason = "@SUM(A1)", Method = "TOTP" },
            new AuthenticationRecord { Id = 4, ClientName = "ras", UserName = "\tx", Result = "Accept", Reason = "ok", Method = "TOTP" },
        };

        [Fact]
        public void Csv_cells_a_spreadsheet_would_take_as_formulas_are_prefixed_and_every_record_is_counted()
        {
            using var output = new MemoryStream();
            long count = AuthenticationLogExport.Write(Records, output, AuthenticationLogFormat.Csv);
            var lines = Encoding.UTF8.GetString(output.ToArray()).Split(new[] { "\r\n" }, StringSplitOptions.RemoveEmptyEntries);

            Assert.Equal(4, count);
            Assert.Equal(5, lines.Length);
            Assert.StartsWith("Id,TimeUtc,", lines[0]);
            Assert.Contains(",\"'=HYPERLINK(\"\"http://evil\"\",\"\"x\"\")\",", lines[1]);
            Assert.Contains(",\"'+1\",", lines[2]);
            Assert.Contains(",\"a \"\"quoted\"\", reason\",", lines[2]);
            Assert.Contains(",\"'-2\",", lines[3]);
            Assert.Contains(",\"'@SUM(A1)\",", lines[3]);
            Assert.Contains(",\"'\tx\",", lines[4]);
            // No unquoted cell begins with a formula character.
            foreach (var line in lines.Skip(1))
                Assert.DoesNotMatch("(^|,)[=+\\-@]", line.Replace("\"'", "\""));
        }

        [Theory]
        [InlineData("alice", "\"alice\"")]
        [InlineData(" alice", "\" alice\"")]
        [InlineData("\uFF41lice", "\"\uFF41lice\"")] // a full-width letter folds to a letter, not to a formula character
        [InlineData("al=ice", "\"al=ice\"")]
        [InlineData("", "\"\"")]
        public void Csv_cells_that_no_spreadsheet_takes_for_a_formula_are_written_as_they_are(string userName, string cell)
        {
            Assert.Equal(cell, AuthenticationLogExport.CsvCell(userName));
        }

        [Theory]
        [InlineData("\u3000=1+1")]   // an ideographic space before the equals
        [InlineData("\r\nalice")]    // a line break first, whatever follows
        [InlineData("\uFE63" + "1")]  // small hyphen-minus folds to '-'
        public void Csv_cells_a_spreadsheet_might_fold_or_trim_into_a_formula_are_prefixed(string userName)
        {
            Assert.StartsWith("\"'", AuthenticationLogExport.CsvCell(userName));
        }

        [Fact]
        public void Json_lines_hold_each_record_as_it_is()
        {
            using var output = new MemoryStream();
            long count = AuthenticationLogExport.Write(Records, output, AuthenticationLogFormat.Json);
            var lines = Encoding.UTF8.GetString(output.ToArray()).Split('\n').Where(l => l.Length > 0).ToList();

            Assert.Equal(4, count);
            using var first = JsonDocument.Parse(lines[0]);
            Assert.Equal("=HYPERLINK(\"http://evil\",\"x\")", first.RootElement.GetProperty("UserName").GetString());
            Assert.Equal("2026-01-02T03:04:05.0000000Z", first.RootElement.GetProperty("TimeUtc").GetString());
            Assert.Equal(1.5, first.RootElement.GetProperty("Milliseconds").GetDouble());
            Assert.Equal(1, first.RootElement.GetProperty("Id").GetInt64());
        }
    }
}
