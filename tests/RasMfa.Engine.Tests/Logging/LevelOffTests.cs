using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.Extensions.Logging;
using RasMfa.Engine.Logging;
using RasMfa.Engine.Radius;
using RasMfa.Engine.Tests.Mfa;
using Xunit;

namespace RasMfa.Engine.Tests.Logging
{
    /// <summary>
    /// The login path's log lines are source-generated (issue 16): a level that is off is asked once and nothing more is
    /// done (no message state built, no name escaped, no value boxed); a level that is on gets the same lines as before.
    /// </summary>
    public sealed class LevelOffTests
    {
        [Fact]
        public void A_login_logged_at_levels_that_are_off_hands_the_logger_nothing_to_format()
        {
            var logger = new Spy(enabled: false);
            using var f = new MfaFixture(logger: logger);
            var token = f.Enrol("alice");
            var first = f.Pap("alice", "");
            Assert.Equal(RadiusCode.AccessChallenge, first.Code);
            Assert.Equal(RadiusCode.AccessAccept, f.Pap("alice", f.CodeAt(token), first.State).Code);

            Assert.True(logger.LevelsAsked.Count(level => level == LogLevel.Information) >= 2, "the decision lines never asked whether their level is on");
            Assert.Empty(logger.Lines);
        }

        [Fact]
        public void A_login_logged_at_levels_that_are_on_writes_each_decision_under_its_event_id()
        {
            var logger = new Spy(enabled: true);
            using var f = new MfaFixture(logger: logger);
            var token = f.Enrol("alice");
            var first = f.Pap("alice", "");
            f.Pap("alice", f.CodeAt(token), first.State);

            var decisions = logger.Lines.Where(l => l.Level == LogLevel.Information).ToArray();
            Assert.Equal(new[] { LogEvents.LoginChallenged.Id, LogEvents.LoginAccepted.Id }, decisions.Select(l => l.EventId.Id).ToArray());
            Assert.StartsWith("Challenge alice at " + f.Client.Name + " (192.0.2.10): ", decisions[0].Message);
            Assert.StartsWith("Accept alice at " + f.Client.Name + " (192.0.2.10): ", decisions[1].Message);
        }

        private sealed class Spy : ILogger
        {
            private readonly bool _enabled;

            public Spy(bool enabled) => _enabled = enabled;

            public List<LogLevel> LevelsAsked { get; } = new List<LogLevel>();

            public List<(LogLevel Level, EventId EventId, string Message)> Lines { get; } = new List<(LogLevel, EventId, string)>();

            public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

            public bool IsEnabled(LogLevel logLevel)
            {
                lock (LevelsAsked) LevelsAsked.Add(logLevel);
                return _enabled;
            }

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
            {
                lock (Lines) Lines.Add((logLevel, eventId, formatter(state, exception)));
            }
        }
    }
}
