using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Net;
using Microsoft.Extensions.Logging;
using RasMfa.Engine.Hosting;
using Xunit;

namespace RasMfa.Engine.Tests.Hosting
{
    /// <summary>What the service host needs of the process's listener: its log where the host logs.</summary>
    [Collection(ListenerCollection.Name)]
    public sealed class ServerHostStartTests : IDisposable
    {
        private readonly string _folder = Path.Combine(Path.GetTempPath(), "rasmfa-hoststart-" + Guid.NewGuid().ToString("N"));

        private string DatabasePath => Path.Combine(_folder, "rasmfa.db");

        [Fact]
        public void The_listener_logs_to_the_providers_its_host_gives_too()
        {
            var hostLog = new RecordingProvider();
            var status = RasMfaServerHost.Start(new ServerStartOptions
            {
                DatabasePath = DatabasePath,
                Port = 0,
                LocalAddresses = { IPAddress.Loopback },
                LogProviders = { hostLog },
            });
            RasMfaServerHost.Stop();

            var endpoint = status.Endpoints!.Single().ToString();
            Assert.Contains(hostLog.Lines, l => l.StartsWith("RasMfa.Radius: Listening on " + endpoint, StringComparison.Ordinal));
            Assert.Contains("RasMfa.Radius: Stopped.", hostLog.Lines);
            Assert.False(hostLog.Disposed, "the host owns its provider; the listener must not dispose it");
        }

        public void Dispose()
        {
            RasMfaServerHost.Stop();
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            try { Directory.Delete(_folder, true); } catch (IOException) { }
        }

        private sealed class RecordingProvider : ILoggerProvider
        {
            private readonly List<string> _lines = new List<string>();

            public bool Disposed { get; private set; }

            public string[] Lines
            {
                get { lock (_lines) return _lines.ToArray(); }
            }

            public ILogger CreateLogger(string categoryName) => new Recorder(this, categoryName);

            public void Dispose() => Disposed = true;

            private sealed class Recorder : ILogger
            {
                private readonly RecordingProvider _owner;
                private readonly string _category;

                public Recorder(RecordingProvider owner, string category)
                {
                    _owner = owner;
                    _category = category;
                }

                public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

                public bool IsEnabled(LogLevel logLevel) => true;

                public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
                {
                    lock (_owner._lines) _owner._lines.Add($"{_category}: {formatter(state, exception)}");
                }
            }
        }
    }
}
