using System;
using System.Collections;
using System.Text;
using RasMfa.Engine.Administration;
using RasMfa.Engine.Clients;
using RasMfa.Engine.Tests.Administration;
using Xunit;

namespace RasMfa.Engine.Tests.Clients
{
    /// <summary>Push at a client: allowed only when the admin says so, its keyword, and the client's own push timeout.</summary>
    public sealed class ClientPushTests : IDisposable
    {
        private readonly TemporaryStore _temporary = new TemporaryStore();
        private readonly ClientService _clients;

        public ClientPushTests() => _clients = new ClientService(_temporary.Store.Clients);

        public void Dispose() => _temporary.Dispose();

        private static ClientChanges Settings() => new ClientChanges { Address = "10.0.0.22", SharedSecret = Encoding.UTF8.GetBytes("a-shared-secret-for-tests") };

        [Fact]
        public void A_new_client_does_not_allow_push_and_holds_its_rounds_for_the_servers_push_timeout()
        {
            _clients.Add("ras", Settings(), new RecordingReview());

            var stored = _temporary.Store.Clients.Get("ras")!;
            Assert.DoesNotContain(MethodKind.Push, stored.AllowedMethods);
            Assert.Null(stored.PushTimeoutSeconds);
        }

        [Fact]
        public void Push_its_keyword_and_the_clients_push_timeout_are_stored_read_back_and_cleared_with_null()
        {
            var changes = Settings();
            changes.AllowedMethods = new[] { MethodKind.Totp, MethodKind.Push };
            changes.Keywords = new Hashtable { ["push"] = "Push" };
            changes.PushTimeoutSeconds = 40;
            _clients.Add("ras", changes, new RecordingReview());

            var stored = _temporary.Store.Clients.Get("ras")!;
            Assert.Equal(new[] { MethodKind.Totp, MethodKind.Push }, stored.AllowedMethods);
            Assert.Equal(MethodKind.Push, Assert.Single(stored.Keywords).Method);
            Assert.Equal(40, stored.PushTimeoutSeconds);

            _clients.Change("ras", new ClientChanges { Description = "gateway" }, new RecordingReview());
            Assert.Equal(40, _temporary.Store.Clients.Get("ras")!.PushTimeoutSeconds);
            _clients.Change("ras", new ClientChanges { PushTimeoutSeconds = null }, new RecordingReview());
            Assert.Null(_temporary.Store.Clients.Get("ras")!.PushTimeoutSeconds);
        }

        [Theory]
        [InlineData(4)]
        [InlineData(56)]
        [InlineData(0)]
        public void A_push_timeout_RAS_would_not_wait_for_is_refused_with_its_id_and_nothing_is_written(int seconds)
        {
            _clients.Add("ras", Settings(), new RecordingReview());

            var refused = Assert.Throws<EngineException>(() => _clients.Change("ras", new ClientChanges { PushTimeoutSeconds = seconds }, new RecordingReview()));

            Assert.Equal("InvalidPushTimeout", refused.ErrorId);
            Assert.Null(_temporary.Store.Clients.Get("ras")!.PushTimeoutSeconds);
        }

        [Fact]
        public void A_push_keyword_at_a_client_that_does_not_allow_push_is_warned_of()
        {
            var changes = Settings();
            changes.Keywords = new Hashtable { ["push"] = "push" };
            var review = new RecordingReview();

            _clients.Add("ras", changes, review);

            Assert.Contains(review.Warnings, w => w.Contains("starts Push, which the client does not allow"));
        }
    }
}
