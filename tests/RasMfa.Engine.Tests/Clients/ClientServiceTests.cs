using System;
using System.Text;
using RasMfa.Engine.Administration;
using RasMfa.Engine.Clients;
using RasMfa.Engine.FirstFactors;
using RasMfa.Engine.Tests.Administration;
using Xunit;

namespace RasMfa.Engine.Tests.Clients
{
    public sealed class ClientServiceTests : IDisposable
    {
        private readonly TemporaryStore _temporary = new TemporaryStore();
        private readonly ClientService _clients;

        public ClientServiceTests() => _clients = new ClientService(_temporary.Store.Clients);

        private static ClientChanges Settings(string address = "10.0.0.21", string secret = "a-shared-secret-for-tests") =>
            new ClientChanges { Address = address, SharedSecret = Encoding.UTF8.GetBytes(secret) };

        private static EngineException Refusal(Action action) => Assert.ThrowsAny<EngineException>(action);

        [Fact]
        public void A_bad_address_is_an_invalid_argument_aimed_at_the_address_and_nothing_is_asked_or_stored()
        {
            var review = new RecordingReview();
            var error = Refusal(() => _clients.Add("ras", Settings("10.0.0.0/40"), review));
            Assert.Equal(("InvalidRadiusClientAddress", EngineErrorKind.InvalidArgument, (object?)"10.0.0.0/40"), (error.ErrorId, error.Kind, error.Target));
            Assert.Empty(review.Asked);
            Assert.Empty(_clients.List());
        }

        [Fact]
        public void An_empty_or_overlong_secret_is_refused_and_a_weak_one_needs_keeping_and_is_warned_about()
        {
            Assert.Equal("InvalidSharedSecret", Refusal(() => _clients.Add("ras", Settings(secret: ""), new RecordingReview())).ErrorId);
            Assert.Equal("InvalidSharedSecret", Refusal(() => _clients.Add("ras", Settings(secret: new string('x', 129)), new RecordingReview())).ErrorId);
            Assert.Equal("WeakSharedSecret", Refusal(() => _clients.Add("ras", Settings(secret: "short"), new RecordingReview())).ErrorId);
            var weak = Settings(secret: "short");
            weak.KeepWeakSecret = true;
            var review = new RecordingReview();
            Assert.NotNull(_clients.Add("ras", weak, review));
            Assert.Contains(review.Warnings, w => w.StartsWith("Client 'ras': The shared secret is 5 octets", StringComparison.Ordinal));
        }

        [Fact]
        public void A_duplicate_name_or_address_already_exists_and_an_unknown_client_is_not_found()
        {
            _clients.Add("ras", Settings(), new RecordingReview());
            Assert.Equal(("DuplicateRadiusClientName", EngineErrorKind.AlreadyExists), Kind(Refusal(() => _clients.Add("RAS", Settings("10.0.0.22"), new RecordingReview()))));
            Assert.Equal(("DuplicateRadiusClientAddress", EngineErrorKind.AlreadyExists), Kind(Refusal(() => _clients.Add("other", Settings(), new RecordingReview()))));
            Assert.Equal(("RadiusClientNotFound", EngineErrorKind.NotFound), Kind(Refusal(() => _clients.Change("nobody", new ClientChanges(), new RecordingReview()))));
            Assert.Equal(("RadiusClientNotFound", EngineErrorKind.NotFound), Kind(Refusal(() => _clients.Remove("nobody", new RecordingReview()))));
        }

        [Fact]
        public void A_client_that_checks_passwords_names_a_directory_or_upstream_servers_that_exist()
        {
            var settings = Settings();
            settings.FirstFactor = FirstFactor.Directory;
            Assert.Equal(("DirectoryRequired", EngineErrorKind.InvalidArgument), Kind(Refusal(() => _clients.Add("ras", settings, new RecordingReview()))));
            settings.Directory = "corp";
            var missing = Refusal(() => _clients.Add("ras", settings, new RecordingReview()));
            Assert.Equal(("DirectoryNotFound", EngineErrorKind.NotFound), Kind(missing));
            Assert.Contains("Add-RasMfaDirectory", missing.Message);
            settings.FirstFactor = FirstFactor.UpstreamRadius;
            Assert.Equal(("UpstreamServerRequired", EngineErrorKind.InvalidArgument), Kind(Refusal(() => _clients.Add("ras", settings, new RecordingReview()))));
            settings.UpstreamServers = new[] { "nps1" };
            Assert.Equal(("UpstreamRadiusServerNotFound", EngineErrorKind.NotFound), Kind(Refusal(() => _clients.Add("ras", settings, new RecordingReview()))));
            _temporary.Store.UpstreamServers.Add(new UpstreamRadiusServer("nps1", "127.0.0.1", Encoding.UTF8.GetBytes("an-upstream-secret-1234")));
            Assert.Equal(FirstFactor.UpstreamRadius, _clients.Add("ras", settings, new RecordingReview())!.FirstFactor);
        }

        [Fact]
        public void A_change_keeps_what_it_does_not_give_clears_what_it_gives_as_null_and_warns_about_weakening()
        {
            var settings = Settings();
            settings.Description = "Gateway 1";
            settings.Prompt = "Code?";
            _clients.Add("ras", settings, new RecordingReview());
            var review = new RecordingReview();
            var changed = _clients.Change("ras", new ClientChanges { NewName = "ras-primary", RequireMessageAuthenticator = false, Prompt = null }, review)!;
            Assert.Equal(("ras-primary", "10.0.0.21", "Gateway 1", (string?)null, false), (changed.Name, changed.Address.ToString(), changed.Description, changed.Prompt, changed.RequireMessageAuthenticator));
            Assert.Contains(review.Warnings, w => w.Contains("BlastRADIUS"));
            Assert.Equal(new[] { "Change RADIUS client: ras" }, review.Asked);
            Assert.Null(_temporary.Store.Clients.Get("ras"));
            Assert.NotNull(_temporary.Store.Clients.Get("ras-primary"));
        }

        [Fact]
        public void A_prompt_longer_than_a_reply_message_is_refused()
        {
            _clients.Add("ras", Settings(), new RecordingReview());
            var error = Refusal(() => _clients.Change("ras", new ClientChanges { Prompt = new string('é', 127) }, new RecordingReview()));
            Assert.Equal(("InvalidPrompt", EngineErrorKind.InvalidArgument), Kind(error));
            Assert.NotNull(_clients.Change("ras", new ClientChanges { Prompt = new string('é', 126) }, new RecordingReview())!.Prompt);
        }

        [Fact]
        public void A_change_the_review_declines_writes_nothing()
        {
            _clients.Add("ras", Settings(), new RecordingReview());
            Assert.Null(_clients.Change("ras", new ClientChanges { LimitProxyState = true }, new RecordingReview(approve: false)));
            Assert.False(_temporary.Store.Clients.Get("ras")!.LimitProxyState);
            _clients.Remove("ras", new RecordingReview(approve: false));
            Assert.Single(_clients.List());
        }

        private static (string, EngineErrorKind) Kind(EngineException e) => (e.ErrorId, e.Kind);

        public void Dispose() => _temporary.Dispose();
    }
}
