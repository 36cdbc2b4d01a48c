using System.Text;
using System.Threading;
using System.Threading.Tasks;
using RasMfa.Engine.Administration;
using RasMfa.Engine.Delivery;
using RasMfa.Engine.Storage;
using RasMfa.Engine.Tests.Administration;
using RasMfa.Engine.Tests.Storage;
using Xunit;

namespace RasMfa.Engine.Tests.Delivery
{
    /// <summary>What an admin who sets a provider is told: each refusal with its own error id, nothing stored by a refusal.</summary>
    public sealed class DeliveryProviderServiceTests
    {
        private readonly RecordingProviderType _type = new RecordingProviderType();

        [Fact]
        public void An_unknown_provider_type_is_refused_naming_the_known_ones()
        {
            using var test = TestStore.Open(StoreKind.Sqlite);
            var e = Assert.Throws<EngineException>(() => Service(test).Set(new DeliveryProviderDefinition(DeliveryKind.Sms, "Carrier-Pigeon", "{}", null), new RecordingReview()));
            Assert.Equal("UnknownDeliveryProvider", e.ErrorId);
            Assert.Contains("Recording", e.Message);
            Assert.Empty(test.Store.DeliveryProviders.List());
        }

        [Fact]
        public void A_provider_asked_for_a_kind_it_cannot_deliver_is_refused()
        {
            using var test = TestStore.Open(StoreKind.Sqlite);
            var e = Assert.Throws<EngineException>(() => Service(test).Set(new DeliveryProviderDefinition(DeliveryKind.Voice, "Recording", "{\"to\":\"x\"}", null), new RecordingReview()));
            Assert.Equal("DeliveryProviderKindUnsupported", e.ErrorId);
        }

        [Fact]
        public void Settings_the_type_finds_wanting_are_refused_with_its_reason()
        {
            using var test = TestStore.Open(StoreKind.Sqlite);
            var e = Assert.Throws<EngineException>(() => Service(test).Set(new DeliveryProviderDefinition(DeliveryKind.Sms, "Recording", "{}", null), new RecordingReview()));
            Assert.Equal("InvalidDeliveryProviderSettings", e.ErrorId);
            Assert.Contains("no \"to\" is set", e.Message);
            Assert.Empty(test.Store.DeliveryProviders.List());
        }

        [Fact]
        public void A_change_the_review_declines_stores_nothing()
        {
            using var test = TestStore.Open(StoreKind.Sqlite);
            Assert.Null(Service(test).Set(new DeliveryProviderDefinition(DeliveryKind.Sms, "Recording", "{\"to\":\"x\"}", null), new RecordingReview(approve: false)));
            Assert.Empty(test.Store.DeliveryProviders.List());
        }

        [Fact]
        public void Removing_a_kind_with_no_provider_says_so()
        {
            using var test = TestStore.Open(StoreKind.Sqlite);
            var e = Assert.Throws<EngineException>(() => Service(test).Remove(DeliveryKind.Email, new RecordingReview()));
            Assert.Equal("DeliveryProviderNotFound", e.ErrorId);
        }

        [Fact]
        public async Task A_test_message_goes_through_the_stored_provider_with_its_secret()
        {
            using var test = TestStore.Open(StoreKind.Sqlite);
            var secret = Encoding.UTF8.GetBytes("token-for-the-test");
            Service(test).Set(new DeliveryProviderDefinition(DeliveryKind.Sms, "Recording", "{\"to\":\"x\"}", secret), new RecordingReview());

            var result = await Service(test).SendTestAsync(DeliveryKind.Sms, new OutgoingMessage("+15550100101", "RasMfa test", "A test from RasMfa."), CancellationToken.None);

            Assert.True(result.Delivered);
            var channel = Assert.Single(_type.Made);
            Assert.Equal(secret, channel.Secret);
            Assert.Equal("+15550100101", Assert.Single(channel.Sent).Recipient);
        }

        [Fact]
        public async Task The_test_message_is_composed_by_the_engine_and_its_channel_let_go_once_sent()
        {
            using var test = TestStore.Open(StoreKind.Sqlite);
            Service(test).Set(new DeliveryProviderDefinition(DeliveryKind.Sms, "Recording", "{\"to\":\"x\"}", null), new RecordingReview());

            var result = await Service(test).SendTestAsync(DeliveryKind.Sms, " +15550100101 ", CancellationToken.None);

            Assert.True(result.Delivered);
            var channel = Assert.Single(_type.Made);
            var sent = Assert.Single(channel.Sent);
            Assert.Equal("+15550100101", sent.Recipient);
            Assert.StartsWith($"This is a test message from RasMfa on {System.Environment.MachineName} at ", sent.Text);
            Assert.Equal(1, channel.Disposals);
        }

        [Fact]
        public void The_channels_for_one_kind_make_that_kinds_channel_only()
        {
            using var test = TestStore.Open(StoreKind.Sqlite);
            Service(test).Set(new DeliveryProviderDefinition(DeliveryKind.Sms, "Recording", "{\"to\":\"x\"}", null), new RecordingReview());
            Service(test).Set(new DeliveryProviderDefinition(DeliveryKind.Email, "Recording", "{\"to\":\"y\"}", null), new RecordingReview());

            using var channels = Service(test).Channels(DeliveryKind.Email);

            Assert.NotNull(channels.For(DeliveryKind.Email));
            Assert.Null(channels.For(DeliveryKind.Sms));
            Assert.Equal(DeliveryKind.Email, Assert.Single(_type.Made).Kind);
        }

        [Fact]
        public void What_the_provider_type_warns_of_is_told_before_the_change_is_approved_even_when_it_is_not()
        {
            using var test = TestStore.Open(StoreKind.Sqlite);
            var declining = new RecordingReview(approve: false);

            Service(test).Set(new DeliveryProviderDefinition(DeliveryKind.Sms, "Recording", "{\"to\":\"in clear\"}", null), declining);

            Assert.Equal(new[] { "The Sms provider sends in clear." }, declining.Warnings);
            Assert.Empty(test.Store.DeliveryProviders.List());
        }

        private DeliveryProviderService Service(TestStore test) => new DeliveryProviderService(test.Store.DeliveryProviders, new IDeliveryProviderType[] { _type });
    }
}
