// .NET 8+ only: the damage is to a Linux key-file seal (AES-GCM).
#if NET
using System;
using System.Text;
using System.Threading.Tasks;
using Microsoft.Data.Sqlite;
using RasMfa.Engine.Clients;
using RasMfa.Engine.Hosting;
using RasMfa.Engine.Storage;
using RasMfa.Engine.Tests.Storage;
using Xunit;

namespace RasMfa.Engine.Tests.Hosting
{
    /// <summary>
    /// An unreadable record disables only that record: a client whose secret cannot be unsealed, inside the network of a
    /// broader client, is still matched first and dropped; the broader client, whose secret an attacker at that address
    /// might know, does not answer for it. (From the security review of branch review-a, where it passed.)
    /// </summary>
    [Collection(ListenerCollection.Name)]
    public sealed class UnreadableClientScopeTests : IDisposable
    {
        private static readonly byte[] WideSecret = Encoding.ASCII.GetBytes("wide-network-shared-secret-0123");
        private static readonly byte[] NarrowSecret = Encoding.ASCII.GetBytes("narrow-host-shared-secret-01234");
        private readonly ListenerHarness _listener = new ListenerHarness();

        [Fact]
        public async Task An_unreadable_host_client_inside_a_wider_client_is_dropped_not_answered_by_the_wider_one()
        {
            using (var store = new SqliteStore(_listener.DatabasePath))
            {
                store.Clients.Add(new RadiusClientDefinition("wide", IpNetwork.Parse("127.0.0.0/8"), WideSecret));
                store.Clients.Add(new RadiusClientDefinition("narrow", IpNetwork.Parse("127.0.0.2/32"), NarrowSecret));
            }
            SqliteConnection.ClearAllPools();
            StoreDamage.FlipLastOctet(_listener.DatabasePath, "radius_client", "secret", "narrow");
            _listener.Start();

            Assert.NotNull(await _listener.SendAsync("127.0.0.1", WideSecret, "nobody", "123456", TimeSpan.FromSeconds(10)));
            Assert.Null(await _listener.SendAsync("127.0.0.2", WideSecret, "nobody", "123456", TimeSpan.FromSeconds(2)));
            Assert.Equal(1, RasMfaServerHost.Status().Counters!.DroppedByReason["ClientUnreadable"]);
        }

        public void Dispose() => _listener.Dispose();
    }
}
#endif
