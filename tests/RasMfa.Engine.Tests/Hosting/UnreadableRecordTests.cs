// .NET 8+ only: the damage is to a Linux key-file seal (AES-GCM, whose tag refuses any change); Mono's DPAPI emulation,
// which the net472 build uses on Linux, is no protection to test damage against.
#if NET
using System;
using System.Linq;
using System.Text;
using System.Threading.Tasks;
using Microsoft.Data.Sqlite;
using RasMfa.Engine.Clients;
using RasMfa.Engine.Hosting;
using RasMfa.Engine.Radius;
using RasMfa.Engine.Storage;
using RasMfa.Engine.Tests.Storage;
using RasMfa.Engine.Tokens;
using RasMfa.Engine.Users;
using Xunit;

namespace RasMfa.Engine.Tests.Hosting
{
    /// <summary>One record whose secret cannot be unsealed disables that record, not the listener (issue 11 item 9).</summary>
    [Collection(ListenerCollection.Name)]
    public sealed class UnreadableRecordTests : IDisposable
    {
        private static readonly byte[] GoodSecret = Encoding.ASCII.GetBytes("good-client-shared-secret-0123");
        private static readonly byte[] BrokenSecret = Encoding.ASCII.GetBytes("broken-client-shared-secret-01");
        private static readonly byte[] WideSecret = Encoding.ASCII.GetBytes("wide-network-shared-secret-0123");
        private static readonly byte[] NarrowSecret = Encoding.ASCII.GetBytes("narrow-host-shared-secret-01234");
        private readonly ListenerHarness _listener = new ListenerHarness();

        [Fact]
        public async Task A_client_with_a_damaged_secret_is_dropped_and_logged_while_the_listener_starts_and_answers_the_others()
        {
            using (var store = new SqliteStore(_listener.DatabasePath))
            {
                store.Clients.Add(new RadiusClientDefinition("good", IpNetwork.Parse("127.0.0.1/32"), GoodSecret));
                store.Clients.Add(new RadiusClientDefinition("broken", IpNetwork.Parse("127.0.0.2/32"), BrokenSecret));
                foreach (var name in new[] { "alice", "bob" })
                {
                    var user = new MfaUser(name);
                    store.Users.Add(user);
                    store.Tokens.Add(new OtpToken("T-" + name, OtpTokenType.Totp, OtpSecrets.Generate(OtpAlgorithm.Sha1)) { UserId = user.Id });
                }
            }
            SqliteConnection.ClearAllPools();
            StoreDamage.FlipLastOctet(_listener.DatabasePath, "radius_client", "secret", "broken");
            StoreDamage.FlipLastOctet(_listener.DatabasePath, "otp_token", "secret", "T-bob", keyColumn: "serial");

            _listener.Start();

            Assert.Equal(RadiusCode.AccessReject, await _listener.SendAsync("127.0.0.1", GoodSecret, "nobody", "123456", TimeSpan.FromSeconds(10)));
            Assert.Null(await _listener.SendAsync("127.0.0.2", BrokenSecret, "nobody", "123456", TimeSpan.FromSeconds(2)));
            Assert.Equal(RadiusCode.AccessReject, await _listener.SendAsync("127.0.0.1", GoodSecret, "nobody", "123456", TimeSpan.FromSeconds(10)));

            // A damaged token disables its holder's logins only (dropped and logged); the other users are answered.
            Assert.Equal(RadiusCode.AccessReject, await _listener.SendAsync("127.0.0.1", GoodSecret, "alice", "000000", TimeSpan.FromSeconds(10)));
            Assert.Null(await _listener.SendAsync("127.0.0.1", GoodSecret, "bob", "000000", TimeSpan.FromSeconds(2)));

            Assert.Equal(1, RasMfaServerHost.Status().Counters!.DroppedByReason["ClientUnreadable"]);
            Assert.Equal(1, RasMfaServerHost.Status().Counters!.DroppedByReason["HandlerFault"]);
            var logged = _listener.Logged();
            Assert.Contains(logged, line => line.StartsWith("Error: RADIUS client broken is disabled: The secret of client 'broken' cannot be decrypted", StringComparison.Ordinal));
            Assert.Contains(logged, line => line.StartsWith("Error: Handling an Access-Request from good", StringComparison.Ordinal) && line.Contains("The secret of token 'T-bob' cannot be decrypted"));
        }

        // A client whose secret cannot be unsealed, inside the network of a broader client, is still matched first and
        // dropped: the broader client, whose secret an attacker at that address might know, does not answer for it.
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
