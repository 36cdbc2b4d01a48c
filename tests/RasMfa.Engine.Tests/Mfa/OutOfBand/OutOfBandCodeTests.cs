using System;
using System.Linq;
using System.Text;
using RasMfa.Engine.Mfa.OutOfBand;
using RasMfa.Engine.Users;
using Xunit;

namespace RasMfa.Engine.Tests.Mfa.OutOfBand
{
    public sealed class OutOfBandCodeTests
    {
        [Theory]
        [InlineData(6)]
        [InlineData(8)]
        public void Codes_have_the_digits_asked_for_and_differ(int digits)
        {
            var codes = Enumerable.Range(0, 200).Select(_ => OutOfBandCode.New(digits)).ToList();
            Assert.All(codes, code => Assert.Matches("^[0-9]{" + digits + "}$", code));
            Assert.True(codes.Distinct().Count() > 190);
        }

        [Fact]
        public void The_sealed_data_holds_the_expiry_and_a_hash_bound_to_user_client_and_method_never_the_code()
        {
            var key = OutOfBandCode.KeyOf(Encoding.ASCII.GetBytes("a-shared-secret"));
            var expires = new DateTime(2026, 11, 28, 8, 5, 0, DateTimeKind.Utc);
            var data = OutOfBandCode.Seal(key, 7, "ras", "SMS", expires, "123456");
            Assert.DoesNotContain("123456", data);
            Assert.True(OutOfBandCode.TryOpen(data, out var opened, out var hash));
            Assert.Equal(expires, opened);
            Assert.Equal(hash, OutOfBandCode.Hash(key, 7, "RAS", "SMS", expires.Ticks, Encoding.ASCII.GetBytes("123456")));
            Assert.NotEqual(hash, OutOfBandCode.Hash(key, 8, "ras", "SMS", expires.Ticks, Encoding.ASCII.GetBytes("123456")));
            Assert.NotEqual(hash, OutOfBandCode.Hash(key, 7, "vpn", "SMS", expires.Ticks, Encoding.ASCII.GetBytes("123456")));
            Assert.NotEqual(hash, OutOfBandCode.Hash(key, 7, "ras", "Email", expires.Ticks, Encoding.ASCII.GetBytes("123456")));
            Assert.NotEqual(hash, OutOfBandCode.Hash(OutOfBandCode.KeyOf(Encoding.ASCII.GetBytes("another-secret")), 7, "ras", "SMS", expires.Ticks, Encoding.ASCII.GetBytes("123456")));
            Assert.False(OutOfBandCode.TryOpen("v1:x:y", out _, out _));
            Assert.False(OutOfBandCode.TryOpen(null, out _, out _));
        }

        [Theory]
        [InlineData("+15550100101", "+1\u2022\u2022\u2022\u2022\u20220101")]
        [InlineData("+442079460000", "+4\u2022\u2022\u2022\u2022\u20220000")]
        public void A_phone_number_is_masked_to_its_country_and_last_four_digits(string number, string masked) =>
            Assert.Equal(masked, MaskedRecipient.Phone(number));

        [Fact]
        public void A_mail_address_is_masked_to_its_first_letter_and_domain() =>
            Assert.Equal("a\u2022\u2022\u2022@corp.example", MaskedRecipient.Mail("alice.liddell@corp.example"));

        [Theory]
        [InlineData("+1 (555) 010-0101", "+15550100101")]
        [InlineData("+44 20 7946 0000", "+442079460000")]
        [InlineData("020 7946 0000", null)]
        [InlineData("+0 555 0101 01", null)]
        [InlineData("+1 555", null)]
        [InlineData("+1 555 010 0101 ext 2", null)]
        public void Phone_numbers_are_taken_in_E164_form_only(string typed, string? e164) => Assert.Equal(e164, PhoneNumbers.ToE164(typed));
    }
}
