using System;
using System.Collections.Generic;
using Microsoft.Extensions.Logging;
using RasMfa.Engine.Logging;
using RasMfa.Engine.Mfa.Stages;
using Xunit;

namespace RasMfa.Engine.Tests.Logging
{
    /// <summary>A directory or upstream server that stops answering is logged once when it stops and once when it answers again, not per login.</summary>
    public sealed class FirstFactorHealthLogTests
    {
        private readonly List<(LogLevel Level, EventId Id, string Message)> _lines = new List<(LogLevel, EventId, string)>();

        [Fact]
        public void An_outage_is_two_lines_however_many_logins_it_fails()
        {
            var health = new FirstFactorHealthLog(new Recorder(_lines));
            health.Checked("directory/corp", true, "");
            for (int i = 0; i < 50; i++) health.Checked("directory/corp", false, "LDAP server unavailable\r\nforged line");
            health.Checked("upstream/nps1", true, "");
            for (int i = 0; i < 50; i++) health.Checked("directory/corp", true, "");

            Assert.Equal(2, _lines.Count);
            Assert.Equal(LogLevel.Warning, _lines[0].Level);
            Assert.Equal(LogEvents.FirstFactorDown, _lines[0].Id);
            Assert.Contains("directory/corp", _lines[0].Message);
            Assert.DoesNotContain("\n", _lines[0].Message);
            Assert.Equal(LogEvents.FirstFactorUp, _lines[1].Id);
        }

        [Fact]
        public void A_source_down_from_its_first_check_is_logged()
        {
            var health = new FirstFactorHealthLog(new Recorder(_lines));
            health.Checked("upstream/nps1", false, "no answer within 5 s");
            Assert.Equal(LogEvents.FirstFactorDown, Assert.Single(_lines).Id);
        }

        [Fact]
        public void A_sources_name_is_escaped_in_both_lines()
        {
            var health = new FirstFactorHealthLog(new Recorder(_lines));
            health.Checked("directory/corp\u001b[2K\rforged", false, "no answer");
            health.Checked("directory/corp\u001b[2K\rforged", true, "");

            Assert.Equal(2, _lines.Count);
            Assert.All(_lines, l => Assert.True(l.Message.IndexOfAny(new[] { '\u001b', '\r' }) < 0, l.Message));
            Assert.All(_lines, l => Assert.Contains("directory/corp\\x1b[2K\\x0dforged", l.Message));
        }

        private sealed class Recorder : ILogger
        {
            private readonly List<(LogLevel, EventId, string)> _lines;

            public Recorder(List<(LogLevel, EventId, string)> lines) => _lines = lines;

            public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

            public bool IsEnabled(LogLevel logLevel) => true;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
                _lines.Add((logLevel, eventId, formatter(state, exception)));
        }
    }
}
