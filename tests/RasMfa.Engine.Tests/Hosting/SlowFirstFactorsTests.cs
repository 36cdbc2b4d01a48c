using System;
using System.Linq;
using Microsoft.Extensions.Logging;
using RasMfa.Engine.Configuration;
using RasMfa.Engine.Directories;
using RasMfa.Engine.FirstFactors;
using RasMfa.Engine.Hosting;
using RasMfa.Engine.Storage;
using RasMfa.Engine.Tests.Storage;
using Xunit;

namespace RasMfa.Engine.Tests.Hosting
{
    /// <summary>
    /// Issue 12, review R1: a directory or upstream server that may take longer than DuplicateWaitSeconds to answer is warned
    /// of when the listener starts and when the settings change: the other server of a RAS active-active pair stops waiting by then.
    /// </summary>
    public sealed class SlowFirstFactorsTests
    {
        [Fact]
        public void A_directory_or_upstream_server_slower_than_DuplicateWaitSeconds_is_named()
        {
            var settings = new MfaSettings { DuplicateWaitSeconds = 20 };
            var directories = new[]
            {
                new DirectoryDefinition("corp", DirectoryType.ActiveDirectory, new[] { "dc1" }) { TimeoutSeconds = 60 },
                new DirectoryDefinition("quick", DirectoryType.Ldap, new[] { "ldap1" }) { TimeoutSeconds = 20 },
            };
            var upstreams = new[]
            {
                new UpstreamRadiusServer("nps", "192.0.2.5", null) { TimeoutSeconds = 5, Retries = 4 },
                new UpstreamRadiusServer("nps2", "192.0.2.6", null) { TimeoutSeconds = 5, Retries = 3 },
            };

            var warnings = SlowFirstFactors.Warnings(settings, directories, upstreams);

            Assert.Equal(2, warnings.Count);
            Assert.Contains(warnings, w => w.StartsWith("Directory corp may take up to 60 s"));
            Assert.Contains(warnings, w => w.StartsWith("Upstream RADIUS server nps may take up to 25 s"));
        }

        [Fact]
        public void The_listener_warns_at_its_start_and_when_DuplicateWaitSeconds_falls_under_a_timeout_once_each()
        {
            using var store = TestStore.Open(StoreKind.Sqlite);
            store.Store.Directories.Add(new DirectoryDefinition("corp", DirectoryType.ActiveDirectory, new[] { "dc1" }) { TimeoutSeconds = 30 });
            var log = new MemoryLog();
            var logger = new LoggerFactory(new[] { log }).CreateLogger("RasMfa.Radius");
            using (new ConfigurationWatcher(store.Store, TimeSpan.FromHours(1), logger))
            {
            }
            Assert.Single(Warnings(log), w => w.Contains("Directory corp") && w.Contains("DuplicateWaitSeconds (20)"));

            store.Store.Settings.Set(new MfaSettings { DuplicateWaitSeconds = 40 });
            log = new MemoryLog();
            logger = new LoggerFactory(new[] { log }).CreateLogger("RasMfa.Radius");
            using var watcher = new ConfigurationWatcher(store.Store, TimeSpan.FromMilliseconds(100), logger);
            Assert.Empty(Warnings(log));
            store.Store.Settings.Set(new MfaSettings { DuplicateWaitSeconds = 10 });
            Assert.True(WaitUntil(() => watcher.Settings.DuplicateWaitSeconds == 10), "the new setting was not loaded");
            store.Store.Settings.Set(new MfaSettings { DuplicateWaitSeconds = 10, LockoutThreshold = 7 });
            Assert.True(WaitUntil(() => watcher.Settings.LockoutThreshold == 7), "the new setting was not loaded");
            Assert.Single(Warnings(log), w => w.Contains("Directory corp") && w.Contains("DuplicateWaitSeconds (10)"));
        }

        private static bool WaitUntil(Func<bool> condition)
        {
            var watch = System.Diagnostics.Stopwatch.StartNew();
            while (watch.Elapsed < TimeSpan.FromSeconds(5))
            {
                if (condition()) return true;
                System.Threading.Thread.Sleep(20);
            }
            return condition();
        }

        private static string[] Warnings(MemoryLog log) => log.Since(0).Where(e => e.Level == LogLevel.Warning).Select(e => e.Message).ToArray();
    }
}
