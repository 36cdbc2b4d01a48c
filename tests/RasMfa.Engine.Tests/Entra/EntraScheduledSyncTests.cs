using System;
using System.Diagnostics;
using System.Threading;
using Microsoft.Extensions.Logging.Abstractions;
using RasMfa.Engine.Entra;
using RasMfa.Engine.Hosting;
using RasMfa.EntraStub;
using Xunit;

namespace RasMfa.Engine.Tests.Entra
{
    /// <summary>The listener's sync schedule, the one directories use, runs an Entra tenant's sync when its interval is due (issue 15).</summary>
    public sealed class EntraScheduledSyncTests : IDisposable
    {
        private readonly EntraGraphWorld _world = new EntraGraphWorld();

        public void Dispose()
        {
            EntraGateway.TestEndpoints = null;
            _world.Dispose();
        }

        [Fact]
        public void A_tenant_with_a_sync_interval_is_synchronised_by_the_schedule_and_one_without_is_not()
        {
            var group = _world.Scenario.Delta;
            group.Add("u10", "ann@contoso.com", "Ann Abbot");
            group.Add("u11", "ben@contoso.com", "Ben Berg");
            _world.AddTenant();
            _world.Import.Import("contoso", DeltaGroup.GroupId, EntraUserNameAttribute.UserPrincipalName, _world.Admin);
            group.Leave("u10");
            // The schedule opens Graph the way the listener does (EntraGateway), pointed at the stubs.
            EntraGateway.TestEndpoints = new EntraTestEndpoints(_world.Server.BaseAddress, _world.Server.BaseAddress, _world.Server.Ca);

            using (var watcher = new ConfigurationWatcher(_world.Store, TimeSpan.FromMilliseconds(100), NullLogger.Instance))
            using (new DirectorySyncScheduler(_world.Store, watcher, NullLogger.Instance, TimeSpan.FromMilliseconds(100)))
            {
                Thread.Sleep(1000);
                Assert.Null(_world.Store.EntraTenants.Get("contoso")!.LastSyncUtc); // no interval: never run

                _world.Tenants.Change("contoso", new EntraTenantChanges { SyncIntervalMinutes = 60 }, _world.Admin);
                var waited = Stopwatch.StartNew();
                while (_world.Store.EntraTenants.Get("contoso")!.LastSyncUtc == null && waited.Elapsed < TimeSpan.FromSeconds(60)) Thread.Sleep(100);
            }

            Assert.NotNull(_world.Store.EntraTenants.Get("contoso")!.LastSyncUtc);
            Assert.False(_world.Store.Users.Get("ann@contoso.com")!.Enabled);
            Assert.True(_world.Store.Users.Get("ben@contoso.com")!.Enabled);
        }
    }
}
