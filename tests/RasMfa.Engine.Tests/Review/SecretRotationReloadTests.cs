using System;
using System.Diagnostics;
using System.IO;
using System.Text;
using System.Threading;
using Microsoft.Extensions.Logging.Abstractions;
using RasMfa.Engine.Clients;
using RasMfa.Engine.Configuration;
using RasMfa.Engine.Delivery;
using RasMfa.Engine.Hosting;
using RasMfa.Engine.Mfa;
using RasMfa.Engine.Mfa.Methods;
using RasMfa.Engine.Mfa.OutOfBand;
using RasMfa.Engine.Storage;
using RasMfa.Engine.Users;
using Xunit;

namespace RasMfa.Engine.Tests.Review
{
    /// <summary>Review R6 (mend): a running listener that reloads a client's rotated secret still checks the codes it sent before.</summary>
    public sealed class SecretRotationReloadTests : IDisposable
    {
        private readonly string _folder = Path.Combine(Path.GetTempPath(), "rasmfa-rotation-" + Guid.NewGuid().ToString("N"));
        private string DatabasePath => Path.Combine(_folder, "rasmfa.db");

        [Fact]
        public void A_code_sent_before_Set_RasMfaClient_SharedSecret_in_another_session_still_checks_after_the_listener_reloads()
        {
            var oldSecret = Encoding.UTF8.GetBytes("the-old-shared-secret-123456");
            var newSecret = Encoding.UTF8.GetBytes("the-new-shared-secret-654321");
            using var listenerStore = new SqliteStore(DatabasePath);
            using (var adminStore = new SqliteStore(DatabasePath))
                adminStore.Clients.Add(new RadiusClientDefinition("RAS01", IpNetwork.Parse("10.0.0.21"), oldSecret));
            using var watcher = new ConfigurationWatcher(listenerStore, TimeSpan.FromMilliseconds(100), NullLogger.Instance);
            Assert.True(WaitUntil(() => watcher.Current.Named("RAS01") != null), "the client was not loaded");
            var now = new DateTime(2026, 11, 29, 12, 0, 0, DateTimeKind.Utc);
            var alice = new MfaUser("alice") { Id = 7 };
            var method = new OutOfBandMethod(MethodKind.Sms, "+15550100101", ConfiguredDeliveryChannels.None, null);
            var sealedCode = OutOfBandCode.Seal(OutOfBandCode.KeyOf(oldSecret), alice.Id, "RAS01", method.Name, now.AddMinutes(5), "123456");

            using (var adminStore = new SqliteStore(DatabasePath))
            {
                var client = adminStore.Clients.Get("RAS01")!;
                client.SharedSecret = newSecret;
                adminStore.Clients.Update("RAS01", client);
            }
            Assert.True(WaitUntil(() => Encoding.UTF8.GetString(watcher.Current.Named("RAS01")!.SharedSecret!) == "the-new-shared-secret-654321"), "the new secret was not loaded");

            var reloaded = watcher.Current.Named("RAS01")!;
            var request = new MethodRequest(alice, "RAS01", new MfaSettings(), now.AddMinutes(1), sealedCode, OutOfBandCode.KeyOf(reloaded.SharedSecret!)) { PreviousCodeKey = OutOfBandCode.KeyOf(reloaded.PreviousSharedSecret!) };
            Assert.NotNull(method.VerifyAsync(CodeResponse.FromClear(Encoding.ASCII.GetBytes("123456")), request, CancellationToken.None).GetAwaiter().GetResult());
            // Its expiry, bound in the hash, still holds.
            var late = new MethodRequest(alice, "RAS01", new MfaSettings(), now.AddMinutes(6), sealedCode, OutOfBandCode.KeyOf(reloaded.SharedSecret!)) { PreviousCodeKey = OutOfBandCode.KeyOf(reloaded.PreviousSharedSecret!) };
            Assert.Null(method.VerifyAsync(CodeResponse.FromClear(Encoding.ASCII.GetBytes("123456")), late, CancellationToken.None).GetAwaiter().GetResult());
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
