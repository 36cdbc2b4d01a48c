#if NET
using System.Linq;
using Microsoft.Extensions.Logging.Abstractions;
using RasMfa.Engine.Clients;
using RasMfa.Engine.Configuration;
using RasMfa.Engine.Delivery;
using RasMfa.Engine.Mfa;
using RasMfa.Engine.Mfa.Methods;
using RasMfa.Engine.Push;
using RasMfa.Engine.Tests.Storage;
using RasMfa.Engine.Tokens;
using RasMfa.Engine.Users;
using Xunit;

namespace RasMfa.Engine.Tests.Push
{
    /// <summary>Which users are offered push, in which place among their methods, and what Set-RasMfaUser takes for it.</summary>
    public sealed class PushUserMethodsTests
    {
        private readonly MfaSettings _settings = new MfaSettings();

        private PushMethod Push(TestStore store, bool pageServed = true)
        {
            var page = new ApprovalPageDefinition("127.0.0.1", 8443, "https://127.0.0.1:8443/", null, null);
            var channels = new FakeChannels();
            return new PushMethod(new PushApprovalService(store.Store.PushApprovals), channels, store.Store.SendLimits, new HeldRequests(), () => pageServed ? page : null, () => _settings, NullLogger.Instance);
        }

        private static OtpToken Totp() => new OtpToken("T-1", OtpTokenType.Totp, OtpSecrets.Generate(OtpAlgorithm.Sha1));

        [Fact]
        public void Push_held_as_the_default_goes_first_and_push_not_held_is_not_offered()
        {
            using var store = TestStore.Open(RasMfa.Engine.Storage.StoreKind.Sqlite);
            var push = Push(store);
            var holder = new MfaUser("alice") { Methods = new[] { MethodKind.Push }, DefaultMethod = MethodKind.Push };

            var methods = UserMethods.Of(new LoginSubject(holder, Totp()), ConfiguredDeliveryChannels.None, null, push);
            var without = UserMethods.Of(new LoginSubject(new MfaUser("bob"), Totp()), ConfiguredDeliveryChannels.None, null, push);

            Assert.Same(push, methods.Default);
            Assert.Same(push, methods.FirstStartable);
            Assert.Same(push, methods.OfKind(MethodKind.Push));
            Assert.Null(without.OfKind(MethodKind.Push));
            Assert.IsType<TotpMethod>(without.Default);
            // A client that does not allow push leaves it out.
            Assert.Null(methods.AllowedAt(MethodKinds.DefaultAllowed).OfKind(MethodKind.Push));
        }

        [Fact]
        public void Without_a_page_served_autosend_starts_the_next_method_and_a_user_the_link_cannot_reach_has_no_push()
        {
            using var store = TestStore.Open(RasMfa.Engine.Storage.StoreKind.Sqlite);
            var holder = new MfaUser("alice") { Methods = new[] { MethodKind.Push }, DefaultMethod = MethodKind.Push };

            var unserved = UserMethods.Of(new LoginSubject(holder, Totp()), ConfiguredDeliveryChannels.None, null, Push(store, pageServed: false));
            _settings.PushNotifyBy = PushNotifyBy.Email;
            var unreachable = UserMethods.Of(new LoginSubject(holder, Totp()), ConfiguredDeliveryChannels.None, null, Push(store));

            Assert.IsType<PushMethod>(unserved.Default);
            Assert.IsType<TotpMethod>(unserved.FirstStartable);
            Assert.Null(unreachable.OfKind(MethodKind.Push));
        }

        [Fact]
        public void Set_RasMfaUser_takes_push_as_a_method_and_default_without_a_phone_or_mail_address_and_drops_the_default_with_it()
        {
            var user = new MfaUser("alice");

            UserMethodChoice.Apply(user, new UserChanges { Methods = new[] { MethodKind.Push }, DefaultMethod = MethodKind.Push }, "alice");
            Assert.Equal(new[] { MethodKind.Push }, user.Methods.ToArray());
            Assert.Equal(MethodKind.Push, user.DefaultMethod);

            UserMethodChoice.Apply(user, new UserChanges { Methods = new MethodKind[0] }, "alice");
            Assert.Null(user.DefaultMethod);
            var refused = Assert.Throws<RasMfa.Engine.Administration.EngineException>(() => UserMethodChoice.Apply(user, new UserChanges { DefaultMethod = MethodKind.Push }, "alice"));
            Assert.Equal("InvalidRasMfaUserMethod", refused.ErrorId);
        }

        [Fact]
        public void The_push_keyword_is_read_in_any_case_and_stored_and_read_back()
        {
            var keywords = ClientKeywords.Parse(new System.Collections.Hashtable { ["PUSH"] = "Approve me" }, "test");

            var read = ClientKeywords.Read(ClientKeywords.Store(keywords));

            var keyword = Assert.Single(read);
            Assert.Equal(MethodKind.Push, keyword.Method);
            Assert.Equal("Approve me", keyword.Text);
        }

        /// <summary>A push provider that is configured (what it would send is not looked at here).</summary>
        private sealed class FakeChannels : IDeliveryChannels
        {
            public IDeliveryChannel? For(DeliveryKind kind) => kind == DeliveryKind.Push ? new NullChannel() : null;
        }

        private sealed class NullChannel : IDeliveryChannel
        {
            public DeliveryKind Kind => DeliveryKind.Push;

            public System.Threading.Tasks.Task<DeliveryResult> SendAsync(OutgoingMessage message, System.Threading.CancellationToken cancellationToken) =>
                throw new System.InvalidOperationException("not sent in these tests");
        }
    }
}
#endif
