using System;
using System.Collections;
using System.Linq;
using System.Text;
using RasMfa.Engine.Administration;
using RasMfa.Engine.Clients;
using RasMfa.Engine.Mfa.Methods;
using RasMfa.Engine.Tests.Administration;
using Xunit;
using RasMfa.Engine.Users;

namespace RasMfa.Engine.Tests.Clients
{
    /// <summary>A client's allowed methods, automation keywords and empty-password action: the rules, and what the store keeps.</summary>
    public sealed class ClientMethodsTests : IDisposable
    {
        private readonly TemporaryStore _temporary = new TemporaryStore();
        private readonly ClientService _clients;

        public ClientMethodsTests() => _clients = new ClientService(_temporary.Store.Clients);

        public void Dispose() => _temporary.Dispose();

        private static ClientChanges Settings() => new ClientChanges { Address = "10.0.0.21", SharedSecret = Encoding.UTF8.GetBytes("a-shared-secret-for-tests") };

        [Fact]
        public void A_new_client_allows_the_tokens_only_has_no_keywords_and_asks_for_a_code_on_an_empty_password()
        {
            _clients.Add("ras", Settings(), new RecordingReview());
            var stored = _temporary.Store.Clients.Get("ras")!;
            Assert.Equal(new[] { MethodKind.Totp, MethodKind.Hotp }, stored.AllowedMethods);
            Assert.Empty(stored.Keywords);
            Assert.Equal(EmptyPasswordAction.Challenge, stored.EmptyPasswordAction);
        }

        [Fact]
        public void Methods_keywords_and_the_empty_password_action_are_stored_and_read_back()
        {
            var changes = Settings();
            changes.AllowedMethods = new[] { MethodKind.Totp, MethodKind.Sms, MethodKind.Voice, MethodKind.Email };
            changes.Keywords = new Hashtable { ["sms"] = " SMS ", ["call"] = "phone me", ["email"] = "mail" };
            changes.EmptyPasswordAction = EmptyPasswordAction.StartDefault;
            _clients.Add("ras", changes, new RecordingReview());
            var stored = _temporary.Store.Clients.Get("ras")!;
            Assert.Equal(changes.AllowedMethods, stored.AllowedMethods);
            Assert.Equal(new[] { (MethodKind.Sms, "SMS"), (MethodKind.Voice, "phone me"), (MethodKind.Email, "mail") },
                stored.Keywords.Select(k => (k.Method, k.Text)).OrderBy(k => k.Item1));
            Assert.Equal(EmptyPasswordAction.StartDefault, stored.EmptyPasswordAction);
            // An empty table removes them; what is not given is kept.
            _clients.Change("ras", new ClientChanges { Keywords = new Hashtable() }, new RecordingReview());
            stored = _temporary.Store.Clients.Get("ras")!;
            Assert.Empty(stored.Keywords);
            Assert.Equal(EmptyPasswordAction.StartDefault, stored.EmptyPasswordAction);
        }

        [Theory]
        [InlineData("sms", "123456", "InvalidKeyword")]
        [InlineData("sms", "  ", "InvalidKeyword")]
        [InlineData("fax", "fax", "UnknownKeywordMethod")]
        [InlineData("approve", "approve", "UnknownKeywordMethod")]
        public void A_keyword_of_digits_an_empty_one_or_one_for_no_method_is_refused_with_its_id(string method, string text, string errorId)
        {
            var changes = Settings();
            changes.Keywords = new Hashtable { [method] = text };
            var error = Assert.Throws<EngineException>(() => _clients.Add("ras", changes, new RecordingReview()));
            Assert.Equal((errorId, EngineErrorKind.InvalidArgument), (error.ErrorId, error.Kind));
            Assert.Empty(_clients.List());
        }

        [Fact]
        public void Two_methods_with_one_keyword_are_refused_and_a_keyword_for_a_method_not_allowed_is_warned_about()
        {
            var changes = Settings();
            changes.Keywords = new Hashtable { ["sms"] = "go", ["email"] = "GO" };
            Assert.Equal("InvalidKeyword", Assert.Throws<EngineException>(() => _clients.Add("ras", changes, new RecordingReview())).ErrorId);
            changes.Keywords = new Hashtable { ["sms"] = "sms" };
            var review = new RecordingReview();
            _clients.Add("ras", changes, review);
            Assert.Contains(review.Warnings, warning => warning.Contains("does not allow"));
            Assert.Equal("InvalidAllowedMethod", Assert.Throws<EngineException>(() =>
                _clients.Change("ras", new ClientChanges { AllowedMethods = new MethodKind[0] }, new RecordingReview())).ErrorId);
        }
    }
}
