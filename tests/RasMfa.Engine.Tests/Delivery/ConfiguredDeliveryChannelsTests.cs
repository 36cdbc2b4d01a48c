#if NET
using System;
using System.IO;
using System.Text;
using Microsoft.Data.Sqlite;
using RasMfa.Engine.Delivery;
using RasMfa.Engine.Storage;
using RasMfa.Engine.Hosting;
using System.Linq;
using RasMfa.Engine.Tests.Storage;
using Xunit;

namespace RasMfa.Engine.Tests.Delivery
{
    /// <summary>
    /// The channels a listener sends through: a provider whose secret cannot be opened gives none (its method unavailable),
    /// with a warning, and leaves the other kinds working. (.NET 8+: the damage is to a Linux key-file seal.)
    /// </summary>
    public sealed class ConfiguredDeliveryChannelsTests : IDisposable
    {
        private readonly string _folder = Path.Combine(Path.GetTempPath(), "rasmfa-channels-" + Guid.NewGuid().ToString("N"));

        public void Dispose()
        {
            SqliteConnection.ClearAllPools();
            try { Directory.Delete(_folder, true); } catch (IOException) { }
        }

        [Fact]
        public void A_provider_whose_secret_cannot_be_opened_gives_no_channel_and_a_warning_and_the_others_still_send()
        {
            var databasePath = Path.Combine(_folder, "rasmfa.db");
            using (var store = new SqliteStore(databasePath))
            {
                store.DeliveryProviders.Set(new DeliveryProviderDefinition(DeliveryKind.Sms, "Recording", "{\"to\":\"a\"}", Encoding.UTF8.GetBytes("sms-token")));
                store.DeliveryProviders.Set(new DeliveryProviderDefinition(DeliveryKind.Email, "Recording", "{\"to\":\"b\"}", Encoding.UTF8.GetBytes("mail-password")));
            }
            SqliteConnection.ClearAllPools();
            StoreDamage.FlipLastOctet(databasePath, "delivery_provider", "secret", "Sms", keyColumn: "kind");
            using var log = new MemoryLog();

            IDeliveryChannels channels;
            using (var reopened = new SqliteStore(databasePath))
                channels = ConfiguredDeliveryChannels.From(reopened.DeliveryProviders.List(), new DeliveryEnvironment(log.CreateLogger("RasMfa.Delivery")), new[] { new RecordingProviderType() });

            Assert.Null(channels.For(DeliveryKind.Sms));
            Assert.NotNull(channels.For(DeliveryKind.Email));
            var messages = log.Since(0).Select(e => e.Message).ToList();
            Assert.Contains(messages, m => m.Contains("Sms provider (Recording) is not used"));
            Assert.DoesNotContain(messages, m => m.Contains("sms-token") || m.Contains("mail-password"));
        }
    }
}
#endif
