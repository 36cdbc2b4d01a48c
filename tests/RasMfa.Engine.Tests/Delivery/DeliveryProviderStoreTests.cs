using System;
using System.Linq;
using System.Text;
using RasMfa.Engine.Delivery;
using RasMfa.Engine.Storage;
using RasMfa.Engine.Tests.Storage;
using Xunit;

namespace RasMfa.Engine.Tests.Delivery
{
    /// <summary>The store's delivery providers: one per kind, the secret never at rest in clear, on both databases.</summary>
    public sealed class DeliveryProviderStoreTests
    {
        private static readonly byte[] Secret = Encoding.UTF8.GetBytes("gateway-bearer-token-1");

        [Theory]
        [ClassData(typeof(BothStores))]
        public void A_provider_is_read_back_by_another_session_with_its_secret_and_the_secret_is_sealed_at_rest(StoreKind kind)
        {
            using var test = TestStore.Open(kind);
            test.Store.DeliveryProviders.Set(new DeliveryProviderDefinition(DeliveryKind.Sms, "Recording", "{\"to\":\"gateway\"}", Secret));

            var read = test.OpenAnother().DeliveryProviders.Get(DeliveryKind.Sms)!;

            Assert.Equal("Recording", read.Provider);
            Assert.Equal("{\"to\":\"gateway\"}", read.Settings);
            Assert.Equal(Secret, read.Secret);
            Assert.Null(read.Unreadable);
            Assert.Equal(0, test.Execute("UPDATE delivery_provider SET kind = kind WHERE secret = @clear", ("@clear", Secret)));
            Assert.Equal(1, test.Execute("UPDATE delivery_provider SET kind = kind WHERE kind = 'Sms'"));
        }

        [Theory]
        [ClassData(typeof(BothStores))]
        public void Setting_a_kind_again_replaces_its_provider_and_a_provider_without_a_secret_reads_back_none(StoreKind kind)
        {
            using var test = TestStore.Open(kind);
            var store = test.Store.DeliveryProviders;
            store.Set(new DeliveryProviderDefinition(DeliveryKind.Email, "Recording", "{\"to\":\"first\"}", Secret) { CreatedUtc = new DateTime(2026, 1, 2, 0, 0, 0, DateTimeKind.Utc) });

            store.Set(new DeliveryProviderDefinition(DeliveryKind.Email, "Recording", "{\"to\":\"second\"}", null));

            var all = store.List();
            var only = Assert.Single(all);
            Assert.Equal("{\"to\":\"second\"}", only.Settings);
            Assert.Null(only.Secret);
            Assert.Equal(new DateTime(2026, 1, 2, 0, 0, 0, DateTimeKind.Utc), only.CreatedUtc);
        }

        [Theory]
        [ClassData(typeof(BothStores))]
        public void Removing_a_kind_leaves_the_others_and_says_whether_it_had_one(StoreKind kind)
        {
            using var test = TestStore.Open(kind);
            var store = test.Store.DeliveryProviders;
            store.Set(new DeliveryProviderDefinition(DeliveryKind.Email, "Recording", "{\"to\":\"a\"}", null));
            store.Set(new DeliveryProviderDefinition(DeliveryKind.Sms, "Recording", "{\"to\":\"b\"}", Secret));

            Assert.True(store.Remove(DeliveryKind.Email));
            Assert.False(store.Remove(DeliveryKind.Email));

            Assert.Equal(new[] { "Sms" }, store.List().Select(p => p.Kind.ToString()));
        }

        [Fact]
        public void A_change_to_a_provider_moves_the_change_version_so_running_listeners_reload()
        {
            using var test = TestStore.Open(StoreKind.Sqlite);
            long before = test.Store.GetChangeVersion();

            test.Store.DeliveryProviders.Set(new DeliveryProviderDefinition(DeliveryKind.Sms, "Recording", "{\"to\":\"b\"}", Secret));

            Assert.NotEqual(before, test.Store.GetChangeVersion());
        }
    }
}
