using System;
using RasMfa.Engine.Directories;
using Xunit;

namespace RasMfa.Engine.Tests.Directories
{
    /// <summary>
    /// How a failed bind is explained reads accountExpires; a value past DateTime's range (an admin may set one) must not
    /// throw, or the wrong password it follows would not be counted.
    /// </summary>
    public sealed class AccountExpiryTests
    {
        private static readonly DateTime Now = new DateTime(2026, 11, 29, 12, 0, 0, DateTimeKind.Utc);

        [Theory]
        [InlineData(0L)]                   // never
        [InlineData(long.MaxValue)]        // never
        [InlineData(long.MaxValue - 1)]    // past DateTime.MaxValue: never, not an exception
        [InlineData(2650467744000000000L)] // the same, just past DateTime.MaxValue's file time
        public void Values_that_mean_never_do_not_expire_and_do_not_throw(long accountExpires) =>
            Assert.False(DirectoryAccount.HasExpired(accountExpires, Now));

        [Fact]
        public void An_expiry_in_the_past_has_expired_and_one_in_the_future_has_not()
        {
            Assert.True(DirectoryAccount.HasExpired(Now.AddDays(-1).ToFileTimeUtc(), Now));
            Assert.False(DirectoryAccount.HasExpired(Now.AddDays(1).ToFileTimeUtc(), Now));
        }
    }
}
