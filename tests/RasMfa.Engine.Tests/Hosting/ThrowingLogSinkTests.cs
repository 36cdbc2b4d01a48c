using System;
using System.Linq;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.Logging;
using RasMfa.Engine.Clients;
using RasMfa.Engine.Radius;
using RasMfa.Engine.Storage;
using RasMfa.Engine.Tokens;
using RasMfa.Engine.Users;
using Xunit;

namespace RasMfa.Engine.Tests.Hosting
{
    /// <summary>
    /// The service host's log sinks (console, journald, the Windows Event Log) may throw: the Event Log does when the
    /// Application log is full and set not to overwrite. Logins go on being answered, and the in-memory log says the sink failed.
    /// </summary>
    [Collection(ListenerCollection.Name)]
    public sealed class ThrowingLogSinkTests : IDisposable
    {
        private static readonly byte[] Secret = Encoding.ASCII.GetBytes("throwing-sink-test-shared-secret");
        private readonly ListenerHarness _listener = new ListenerHarness();

        [Fact]
        public async Task Logins_are_answered_while_every_sink_the_host_gave_throws_and_the_listener_says_so_in_its_own_log()
        {
            OtpToken token;
            using (var store = new SqliteStore(_listener.DatabasePath))
            {
                store.Clients.Add(new RadiusClientDefinition("ras", IpNetwork.Parse("127.0.0.1/32"), Secret));
                var user = new MfaUser("alice");
                store.Users.Add(user);
                token = new OtpToken("T-ALICE", OtpTokenType.Totp, OtpSecrets.Generate(OtpAlgorithm.Sha1)) { UserId = user.Id };
                store.Tokens.Add(token);
            }
            var fullEventLog = new ThrowingProvider();
            var console = new ThrowingProvider();
            _listener.Start(fullEventLog, console);

            var code = OtpCalculator.TotpForStep(token, OtpCalculator.TimeStep(DateTime.UtcNow, token.Period));
            var wrong = ((int.Parse(code) + 500000) % 1000000).ToString("D6");
            var rejected = await _listener.SendAsync("127.0.0.1", Secret, "alice", wrong, TimeSpan.FromSeconds(10));
            var accepted = await _listener.SendAsync("127.0.0.1", Secret, "alice", code, TimeSpan.FromSeconds(10));

            Assert.Equal(RadiusCode.AccessReject, rejected);
            Assert.Equal(RadiusCode.AccessAccept, accepted);
            Assert.True(fullEventLog.Calls > 0 && console.Calls > 0, "the sinks were offered the lines");
            Assert.Contains(_listener.Logged(), line => line.StartsWith("Error: A log sink (ThrowingProvider) failed", StringComparison.Ordinal)
                && line.Contains("The event log file is full."));
        }

        public void Dispose() => _listener.Dispose();

        private sealed class ThrowingProvider : ILoggerProvider
        {
            private int _calls;

            public int Calls => Volatile.Read(ref _calls);

            public ILogger CreateLogger(string categoryName) => new Throwing(this);

            public void Dispose()
            {
            }

            private sealed class Throwing : ILogger
            {
                private readonly ThrowingProvider _owner;

                public Throwing(ThrowingProvider owner) => _owner = owner;

                public IDisposable? BeginScope<TState>(TState state) where TState : notnull => throw new InvalidOperationException("The event log file is full.");

                public bool IsEnabled(LogLevel logLevel) => true;

                public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
                {
                    Interlocked.Increment(ref _owner._calls);
                    throw new InvalidOperationException("The event log file is full.");
                }
            }
        }
    }
}
