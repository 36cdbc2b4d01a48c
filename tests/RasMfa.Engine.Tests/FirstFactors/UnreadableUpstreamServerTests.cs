// .NET 8+ only: the damage is to a Linux key-file seal (AES-GCM).
#if NET
using System;
using System.IO;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Data.Sqlite;
using RasMfa.Engine.FirstFactors;
using RasMfa.Engine.Storage;
using RasMfa.Engine.Tests.Storage;
using Xunit;

namespace RasMfa.Engine.Tests.FirstFactors
{
    /// <summary>
    /// An upstream RADIUS server whose shared secret cannot be unsealed is never sent a request: a password hidden with a
    /// secret that is not the server's (an empty one) would be readable by whoever sees the packet.
    /// </summary>
    public sealed class UnreadableUpstreamServerTests : IDisposable
    {
        private readonly string _folder = Path.Combine(Path.GetTempPath(), "rasmfa-unreadable-upstream-" + Guid.NewGuid().ToString("N"));
        private readonly FakeUpstream _upstream = new FakeUpstream();

        public void Dispose()
        {
            _upstream.Dispose();
            SqliteConnection.ClearAllPools();
            try { Directory.Delete(_folder, true); } catch (IOException) { }
        }

        [Fact]
        public async Task A_password_check_given_an_upstream_server_whose_secret_is_unreadable_sends_it_nothing()
        {
            var databasePath = Path.Combine(_folder, "rasmfa.db");
            using (var store = new SqliteStore(databasePath))
                store.UpstreamServers.Add(new UpstreamRadiusServer("nps", "127.0.0.1", FakeUpstream.Secret) { Port = _upstream.Port, TimeoutSeconds = 1, Retries = 0 });
            SqliteConnection.ClearAllPools();
            StoreDamage.FlipLastOctet(databasePath, "upstream_radius_server", "secret", "nps");

            UpstreamRadiusServer server;
            using (var reopened = new SqliteStore(databasePath)) server = reopened.UpstreamServers.Get("nps")!;
            Assert.NotNull(server.Unreadable);
            var result = await new UpstreamRadiusChecker(new[] { server }).CheckAsync("alice", Encoding.UTF8.GetBytes("password"), CancellationToken.None);

            Assert.Equal(FirstFactorOutcome.Unavailable, result.Outcome);
            Assert.Contains("shared secret cannot be unsealed", result.Reason);
            Assert.Empty(_upstream.Requests);
        }
    }
}
#endif
