using System.IO;
using System.Linq;
using RasMfa.Engine.Tokens;
using Xunit;

namespace RasMfa.Engine.Tests.Tokens
{
    public class OathCsvReaderTests
    {
        [Fact]
        public void Rows_are_read_with_hex_or_base32_secrets_and_each_bad_row_names_its_line()
        {
            var csv = "Serial,Secret,Type,Digits,Period,UserName\n" +
                      "HW1,3132333435363738393031323334353637383930,HOTP,6,,alice\n" +
                      "\"HW,2\",GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ,totp,8,60,\n" +
                      "HW3,abc!,TOTP,6,30,\n" +
                      "HW4,GEZDGNBVGY3TQOJQ,TOTP,6,30,\n" +
                      "HW5,GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ,SMS,6,30,\n" +
                      "HW6,GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ,TOTP,7,30,\n";
            var rows = OathCsvReader.Read(new StringReader(csv)).ToList();
            Assert.Equal(6, rows.Count);
            Assert.Equal("755224", OtpCalculator.Hotp(rows[0].Token!, 0));
            Assert.Equal("alice", rows[0].UserName);
            Assert.Equal("HW,2", rows[1].Token!.Serial);
            Assert.Equal(OtpTokenType.Totp, rows[1].Token!.Type);
            Assert.Equal(60, rows[1].Token!.Period);
            Assert.Null(rows[1].UserName);
            Assert.Equal("line 4", rows[2].Source);
            Assert.Contains("neither hex nor base32", rows[2].Error);
            Assert.Contains("at least 128", rows[3].Error);
            Assert.Contains("not TOTP or HOTP", rows[4].Error);
            Assert.Contains("not 6 or 8", rows[5].Error);
        }
    }
}
