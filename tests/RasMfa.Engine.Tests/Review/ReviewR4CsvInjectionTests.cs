using RasMfa.Engine.Audit;
using Xunit;

namespace RasMfa.Engine.Tests.Review
{
    /// <summary>
    /// Review R4: user names in Export-RasMfaAuthenticationLog's CSV come from any RADIUS client. Variants of a formula
    /// start that the apostrophe rule (= + - @ tab CR at the very first character) lets through.
    /// </summary>
    public sealed class ReviewR4CsvInjectionTests
    {
        [Theory]
        [InlineData("\uFF1D1+1")]                        // full-width equals: Excel in East-Asian locales takes it as '='
        [InlineData("\uFF0B1+1")]                        // full-width plus
        [InlineData("\uFF0D1+1")]                        // full-width minus
        [InlineData("\uFF20SUM(A1)")]                    // full-width at
        [InlineData("\n=HYPERLINK(\"http://x\",\"y\")")] // a leading line feed (OWASP lists 0x0A beside 0x0D)
        public void A_user_name_shaped_as_a_formula_variant_is_exported_as_text(string userName)
        {
            var cell = AuthenticationLogExport.CsvCell(userName);
            Assert.StartsWith("\"'", cell);
        }

        [Theory]
        [InlineData(" =1+1")]
        [InlineData("\u00A0=1+1")]
        public void A_user_name_with_leading_blanks_before_an_equals_is_exported_as_text(string userName)
        {
            // LibreOffice's CSV import with "Trim spaces", and Excel's Text Import with trimming, strip blanks and then see '='.
            var cell = AuthenticationLogExport.CsvCell(userName);
            Assert.StartsWith("\"'", cell);
        }
    }
}
