using System;
using System.Text;
using RasMfa.Engine.Administration;
using RasMfa.Engine.Clients;
using RasMfa.Engine.FirstFactors;
using RasMfa.Engine.Tests.Administration;
using Xunit;

namespace RasMfa.Engine.Tests.FirstFactors
{
    public sealed class UpstreamServerServiceTests : IDisposable
    {
        private readonly TemporaryStore _temporary = new TemporaryStore();
        private readonly UpstreamServerService _servers;

        public UpstreamServerServiceTests() => _servers = new UpstreamServerService(_temporary.Store.UpstreamServers);

        private static UpstreamServerChanges Settings(string secret = "an-upstream-secret-1234") =>
            new UpstreamServerChanges { Address = " 127.0.0.1 ", SharedSecret = Encoding.UTF8.GetBytes(secret) };

        [Fact]
        public void A_weak_secret_kept_is_warned_about_as_the_upstream_servers_not_a_clients()
        {
            var settings = Settings("short");
            settings.KeepWeakSecret = true;
            var review = new RecordingReview();
            var server = _servers.Add("nps1", settings, review)!;
            Assert.Equal("127.0.0.1", server.Address);
            var warning = Assert.Single(review.Warnings);
            Assert.StartsWith("Upstream RADIUS server 'nps1': ", warning);
        }

        [Fact]
        public void Out_of_range_values_are_invalid_and_an_unknown_server_is_not_found()
        {
            _servers.Add("nps1", Settings(), new RecordingReview());
            foreach (var bad in new[] { new UpstreamServerChanges { Port = 0 }, new UpstreamServerChanges { TimeoutSeconds = 61 }, new UpstreamServerChanges { Retries = 6 } })
            {
                var error = Assert.ThrowsAny<EngineException>(() => _servers.Change("nps1", bad, new RecordingReview()));
                Assert.Equal(("InvalidUpstreamRadiusServer", EngineErrorKind.InvalidArgument), (error.ErrorId, error.Kind));
            }
            Assert.Equal(1812, _temporary.Store.UpstreamServers.Get("nps1")!.Port);
            Assert.Equal(EngineErrorKind.NotFound, Assert.ThrowsAny<EngineException>(() => _servers.Change("nps9", new UpstreamServerChanges(), new RecordingReview())).Kind);
        }

        [Fact]
        public void A_server_a_client_uses_is_not_removed_and_the_refusal_says_how_to_free_it()
        {
            _servers.Add("nps1", Settings(), new RecordingReview());
            new ClientService(_temporary.Store.Clients).Add("vpn", new ClientChanges
            {
                Address = "192.0.2.1", SharedSecret = Encoding.UTF8.GetBytes("a-shared-secret-for-tests"), FirstFactor = FirstFactor.UpstreamRadius, UpstreamServers = new[] { "nps1" },
            }, new RecordingReview());
            var error = Assert.ThrowsAny<EngineException>(() => _servers.Remove("nps1", new RecordingReview()));
            Assert.Equal(("UpstreamRadiusServerInUse", EngineErrorKind.Conflict), (error.ErrorId, error.Kind));
            Assert.Contains("Set-RasMfaRadiusClient -UpstreamServer", error.Message);
            Assert.Single(_servers.List());
        }

        [Fact]
        public void Message_Authenticator_is_required_of_a_new_server_and_turning_it_off_is_kept_with_a_warning()
        {
            Assert.True(_servers.Add("nps1", Settings(), new RecordingReview())!.RequireMessageAuthenticator);
            var review = new RecordingReview();
            _servers.Change("nps1", new UpstreamServerChanges { RequireMessageAuthenticator = false }, review);
            Assert.False(_temporary.Store.UpstreamServers.Get("nps1")!.RequireMessageAuthenticator);
            Assert.Contains("BlastRADIUS", Assert.Single(review.Warnings));
            _servers.Change("nps1", new UpstreamServerChanges { Retries = 2 }, new RecordingReview());
            Assert.False(_temporary.Store.UpstreamServers.Get("nps1")!.RequireMessageAuthenticator);
            _servers.Change("nps1", new UpstreamServerChanges { RequireMessageAuthenticator = true }, new RecordingReview());
            Assert.True(_temporary.Store.UpstreamServers.Get("nps1")!.RequireMessageAuthenticator);
        }

        public void Dispose() => _temporary.Dispose();
    }
}
