using System;
using System.Globalization;
using RasMfa.Engine.Storage;
using Xunit;

namespace RasMfa.Engine.Tests.Storage
{
    /// <summary>
    /// The store's times, read by hand on the login path: the same instant and kind as DateTime.Parse gives, for the form
    /// this version writes and for every other form a store may hold (an older version's, an admin's edit).
    /// </summary>
    public sealed class StoredTimeTests
    {
        [Theory]
        [InlineData("2026-11-29T17:48:09.1234567Z")]
        [InlineData("0001-01-01T00:00:00.0000000Z")]
        [InlineData("9999-12-31T23:59:59.9999999Z")]
        [InlineData("2024-02-29T12:00:00.0000001Z")]
        public void The_written_form_reads_as_DateTime_Parse_reads_it(string stored)
        {
            var expected = DateTime.Parse(stored, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind);
            Assert.True(StoredTime.TryParseRoundTrip(stored, out _));
            var read = StoredTime.Parse(stored);
            Assert.Equal(expected.Ticks, read.Ticks);
            Assert.Equal(DateTimeKind.Utc, read.Kind);
        }

        [Theory]
        [InlineData("2026-11-29T17:48:09Z")]
        [InlineData("2026-11-29T17:48:09.123Z")]
        [InlineData("2026-11-29T17:48:09.1234567+01:00")]
        [InlineData("2026-11-29T17:48:09.1234567")]
        [InlineData("2026-11-29 17:48:09")]
        public void Other_forms_read_as_DateTime_Parse_reads_them(string stored)
        {
            var expected = DateTime.Parse(stored, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind);
            var read = StoredTime.Parse(stored);
            Assert.Equal(expected.Ticks, read.Ticks);
            Assert.Equal(expected.Kind, read.Kind);
        }

        [Theory]
        [InlineData("2026-02-30T00:00:00.0000000Z")]
        [InlineData("2026-13-01T00:00:00.0000000Z")]
        [InlineData("2026-11-29T24:00:00.0000000Z")]
        [InlineData("2026-11-29T17:48:60.0000000Z")]
        [InlineData("2026-11-29T17:4a:09.1234567Z")]
        public void A_form_DateTime_Parse_refuses_is_refused_as_it_was(string stored)
        {
            Assert.False(StoredTime.TryParseRoundTrip(stored, out _));
            Assert.Throws<FormatException>(() => StoredTime.Parse(stored));
        }

        [Fact]
        public void What_is_written_reads_back_as_the_same_instant()
        {
            var now = DateTime.UtcNow;
            var stored = StoredTime.Format(now);
            Assert.True(StoredTime.TryParseRoundTrip(stored, out var read));
            Assert.Equal(now, read);
            Assert.Equal(DateTimeKind.Utc, read.Kind);
        }
    }
}
