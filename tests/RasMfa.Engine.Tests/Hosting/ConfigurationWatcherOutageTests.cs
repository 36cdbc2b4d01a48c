using System;
using System.IO;
using System.Linq;
using System.Net;
using System.Text;
using RasMfa.Engine.Audit;
using RasMfa.Engine.Clients;
using RasMfa.Engine.Configuration;
using RasMfa.Engine.Directories;
using RasMfa.Engine.FirstFactors;
using RasMfa.Engine.Hosting;
using RasMfa.Engine.Mfa;
using RasMfa.Engine.Storage;
using RasMfa.Engine.Tokens;
using RasMfa.Engine.Users;
using Xunit;

namespace RasMfa.Engine.Tests.Hosting
{
    /// <summary>
    /// While the store cannot be read, the listener's watcher keeps serving the clients and settings it loaded, logs the
    /// outage once (not once a second), says when reading works again, and picks up what changed meanwhile.
    /// </summary>
    public sealed class ConfigurationWatcherOutageTests : IDisposable
    {
        private readonly string _folder = Path.Combine(Path.GetTempPath(), "rasmfa-watcher-" + Guid.NewGuid().ToString("N"));
        private readonly MemoryLog _log = new MemoryLog();

        [Fact]
        public void An_outage_is_logged_once_the_loaded_clients_keep_serving_and_changes_made_meanwhile_load_once_it_ends()
        {
            using var store = new SqliteStore(Path.Combine(_folder, "rasmfa.db"));
            store.Clients.Add(new RadiusClientDefinition("RAS01", IpNetwork.Parse("10.0.0.21"), Encoding.UTF8.GetBytes("a-shared-secret-for-tests")));
            var unreachable = new UnreachableStore(store);
            // Polled by the test, not by the timer.
            using var watcher = new ConfigurationWatcher(unreachable, TimeSpan.FromHours(1), _log.CreateLogger("RasMfa.Radius"));

            watcher.Poll();
            var answered = watcher.LastReadUtc;
            Assert.True(DateTime.UtcNow - answered < TimeSpan.FromMinutes(1));

            unreachable.Down = true;
            for (int i = 0; i < 30; i++) watcher.Poll();
            // /health/ready goes by it: a store that does not answer leaves it where it was.
            Assert.Equal(answered, watcher.LastReadUtc);

            Assert.Equal("RAS01", watcher.Current.Find(IPAddress.Parse("10.0.0.21"))?.Name);
            Assert.Single(_log.Since(0), entry => entry.Level >= Microsoft.Extensions.Logging.LogLevel.Warning);
            Assert.Contains(_log.Since(0), entry => entry.Message.StartsWith("Reading RADIUS clients and settings from", StringComparison.Ordinal) && entry.Message.Contains("failed"));

            store.Clients.Add(new RadiusClientDefinition("RAS02", IpNetwork.Parse("10.0.0.22"), Encoding.UTF8.GetBytes("a-shared-secret-for-tests")));
            unreachable.Down = false;
            watcher.Poll();

            Assert.True(watcher.LastReadUtc > answered);
            Assert.Equal("RAS02", watcher.Current.Find(IPAddress.Parse("10.0.0.22"))?.Name);
            Assert.Contains(_log.Since(0), entry => entry.Message.Contains("works again, after 30 failed tries"));
        }

        public void Dispose()
        {
            _log.Dispose();
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            try { Directory.Delete(_folder, true); } catch (IOException) { }
        }

        /// <summary>The real store, whose change version cannot be read while <see cref="Down"/>, as an unreachable server's.</summary>
        private sealed class UnreachableStore : IRasMfaStore
        {
            private readonly IRasMfaStore _inner;

            public UnreachableStore(IRasMfaStore inner) => _inner = inner;

            public volatile bool Down;

            public string Location => _inner.Location;

            public long GetChangeVersion() => Down
                ? throw new StoreException(StoreErrorKind.Unavailable, "StoreUnreachable", "The PostgreSQL store at test cannot be reached: connection refused (test).")
                : _inner.GetChangeVersion();

            public DateTime? ReadClockUtc() => _inner.ReadClockUtc();

            public IClientStore Clients => _inner.Clients;
            public IUserStore Users => _inner.Users;
            public ITokenStore Tokens => _inner.Tokens;
            public IAuditLog AuditLog => _inner.AuditLog;
            public ISettingsStore Settings => _inner.Settings;
            public IUpstreamServerStore UpstreamServers => _inner.UpstreamServers;
            public IDirectoryStore Directories => _inner.Directories;
            public Engine.Entra.IEntraTenantStore EntraTenants => _inner.EntraTenants;
            public RasMfa.Engine.Delivery.IDeliveryProviderStore DeliveryProviders => _inner.DeliveryProviders;

            public RasMfa.Engine.Push.IPushApprovalStore PushApprovals => _inner.PushApprovals;

            public RasMfa.Engine.Push.IApprovalPageStore ApprovalPage => _inner.ApprovalPage;

            public RasMfa.Engine.BypassCodes.IBypassCodeStore BypassCodes => _inner.BypassCodes;
            public ILoginStore Logins => _inner.Logins;
        }
    }
}
