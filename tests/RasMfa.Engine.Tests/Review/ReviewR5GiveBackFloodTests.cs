using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.Extensions.Logging;
using RasMfa.Engine.Mfa;
using RasMfa.Engine.Mfa.Stages;
using Xunit;

namespace RasMfa.Engine.Tests.Review
{
    /// <summary>
    /// Review R5: while the store takes no writes, reserved attempts wait to be given back, up to ReservationGiveBacks.Capacity.
    /// Past it, every further login writes a Warning (which the Windows event log keeps, unlike the Information login lines):
    /// anyone who can make the RAS gateway send logins floods the event log for as long as the outage lasts, where every other
    /// per-packet or per-login fault line (PacketsDropped, UpstreamRepliesIgnored, AuditRecordNotWritten) is rate-limited.
    /// </summary>
    public sealed class ReviewR5GiveBackFloodTests
    {
        [Fact]
        public void A_full_give_back_queue_logs_its_overflow_at_a_rate_limit_not_one_warning_per_login()
        {
            var logger = new WarningCounter();
            var giveBacks = new ReservationGiveBacks(null!, logger); // Keep never touches the store
            var lockout = new LockoutPolicy(5, TimeSpan.FromMinutes(15), DateTime.UtcNow);
            const int pastCapacity = 1000;

            for (long i = 1; i <= ReservationGiveBacks.Capacity + pastCapacity; i++)
                giveBacks.Keep(new AttemptReservation(i, lockout, LoginIneligibility.None, null));

            Assert.Equal(pastCapacity, giveBacks.LeftCounted);
            Assert.True(logger.Warnings <= 10, $"{logger.Warnings} warnings for {pastCapacity} reservations left counted within the same second");
        }

        private sealed class WarningCounter : ILogger
        {
            public int Warnings { get; private set; }

            public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

            public bool IsEnabled(LogLevel logLevel) => true;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
            {
                if (logLevel >= LogLevel.Warning) Warnings++;
            }
        }
    }
}
