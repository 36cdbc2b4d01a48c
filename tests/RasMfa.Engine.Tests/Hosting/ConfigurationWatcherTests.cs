using System;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Net;
using System.Text;
using System.Threading;
using Microsoft.Extensions.Logging.Abstractions;
using RasMfa.Engine.Clients;
using RasMfa.Engine.Hosting;
using RasMfa.Engine.Storage;
using Xunit;

namespace RasMfa.Engine.Tests.Hosting
{
    /// <summary>A running listener's view of clients and settings follows changes made through another store instance (another session or process).</summary>
    public sealed class ConfigurationWatcherTests : IDisposable
    {
        private readonly string _folder = Path.Combine(Path.GetTempPath(), "rasmfa-watcher-" + Guid.NewGuid().ToString("N"));
        private string DatabasePath => Path.Combine(_folder, "rasmfa.db");

        [Fact]
        public void A_client_added_and_removed_elsewhere_is_served_and_dropped_within_one_interval()
        {
            using var listenerStore = new SqliteStore(DatabasePath);
            using var watcher = new ConfigurationWatcher(listenerStore, TimeSpan.FromMilliseconds(100), NullLogger.Instance);
            var address = IPAddress.Parse("10.0.0.21");
            Assert.Null(watcher.Current.Find(address));

            using (var adminStore = new SqliteStore(DatabasePath))
                adminStore.Clients.Add(new RadiusClientDefinition("RAS01", IpNetwork.Parse("10.0.0.21"), Encoding.UTF8.GetBytes("a-shared-secret-for-tests")));
            Assert.True(WaitUntil(() => watcher.Current.Find(address)?.Name == "RAS01"), "the added client was not served");

            using (var adminStore = new SqliteStore(DatabasePath)) adminStore.Clients.Remove("RAS01");
            Assert.True(WaitUntil(() => watcher.Current.Find(address) == null), "the removed client was still served");
        }

        [Fact]
        public void A_settings_change_elsewhere_reaches_the_listener()
        {
            using var listenerStore = new SqliteStore(DatabasePath);
            using var watcher = new ConfigurationWatcher(listenerStore, TimeSpan.FromMilliseconds(100), NullLogger.Instance);
            int before = watcher.Settings.LockoutThreshold;
            using (var adminStore = new SqliteStore(DatabasePath))
            {
                var settings = adminStore.Settings.Get();
                settings.LockoutThreshold = before == 3 ? 4 : 3;
                adminStore.Settings.Set(settings);
            }
            Assert.True(WaitUntil(() => watcher.Settings.LockoutThreshold != before), "the new lockout threshold was not loaded");
        }

        private static bool WaitUntil(Func<bool> condition)
        {
            var watch = Stopwatch.StartNew();
            while (watch.Elapsed < TimeSpan.FromSeconds(5))
            {
                if (condition()) return true;
                Thread.Sleep(20);
            }
            return condition();
        }

        public void Dispose()
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            try { Directory.Delete(_folder, true); } catch (IOException) { }
        }
    }
}
