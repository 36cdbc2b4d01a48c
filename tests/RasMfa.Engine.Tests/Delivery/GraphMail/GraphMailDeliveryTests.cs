using System;
using System.Linq;
using System.Net;
using System.Text.RegularExpressions;
using System.Threading;
using RasMfa.Engine.Clients;
using RasMfa.Engine.Delivery;
using RasMfa.Engine.Delivery.GraphMail;
using RasMfa.Engine.Mfa.Methods;
using RasMfa.Engine.Radius;
using RasMfa.Engine.Tests.Administration;
using RasMfa.Engine.Tests.Mfa;
using RasMfa.Engine.Tests.Mfa.OutOfBand;
using RasMfa.Engine.Tests.Storage;
using RasMfa.Engine.Tokens;
using RasMfa.Engine.Users;
using RasMfa.EntraStub;
using Xunit;

namespace RasMfa.Engine.Tests.Delivery.GraphMail
{
    /// <summary>
    /// Mail through Microsoft Graph (issue 15): the real Graph client and Azure.Identity credential against the loopback stubs,
    /// which check the bearer token, the path and sendMail's JSON, and keep what they took.
    /// </summary>
    public sealed class GraphMailDeliveryTests : IDisposable
    {
        private readonly GraphMailWorld _world = new GraphMailWorld();

        public void Dispose() => _world.Dispose();

        [Fact]
        public void An_e_mail_sign_in_code_goes_out_through_Graph_as_the_mailbox_and_logs_in()
        {
            using var channels = _world.Channels(GraphMailbox.Sender);
            using var f = new MfaFixture(channels: channels);
            f.Client.AllowedMethods = new[] { MethodKind.Email };
            f.Client.Keywords = new[] { new ClientKeyword(MethodKind.Email, "email") };
            f.Store.Users.Add(new MfaUser("alice") { Email = "alice@corp.example", Methods = new[] { MethodKind.Email } });

            var challenge = f.Pap("alice", "email");

            Assert.Equal(RadiusCode.AccessChallenge, challenge.Code);
            var request = Assert.Single(_world.Entra.Server.Requests, r => r.Path.EndsWith("/sendMail", StringComparison.Ordinal));
            Assert.Equal("POST", request.Method);
            Assert.Equal($"/v1.0/users/{GraphMailbox.Sender}/sendMail", Uri.UnescapeDataString(request.Path));
            Assert.StartsWith("Bearer ", request.Header("Authorization"));
            var mail = Assert.Single(_world.Entra.Scenario.Mailboxes.Sent);
            Assert.Equal(("alice@corp.example", "text"), (mail.Recipient, mail.BodyType));
            Assert.Empty(mail.Attachments);
            var code = RecordingChannels.CodeIn(mail.Body);
            Assert.Matches("^[0-9]{6,8}$", code);
            Assert.Equal(RadiusCode.AccessAccept, f.Pap("alice", code, challenge.State).Code);
        }

        [Fact]
        public void The_enrolment_mail_is_one_HTML_body_with_its_QR_code_as_an_inline_attachment()
        {
            using var f = new MfaFixture();
            f.Store.Users.Add(new MfaUser("alice") { Email = "alice@corp.example" });
            var enrollment = new MailedEnrollmentService(f.Store.Tokens, f.Store.Users, f.Store.Settings, f.Store.AuditLog);
            using var channels = _world.Channels(GraphMailbox.Sender);

            var sent = enrollment.SendAsync("alice", null, "RasMfa", channels, f.Now, "tester", new RecordingReview(), CancellationToken.None).GetAwaiter().GetResult();

            Assert.NotNull(sent);
            var mail = Assert.Single(_world.Entra.Scenario.Mailboxes.Sent);
            Assert.Equal("html", mail.BodyType);
            Assert.Contains($"cid:{EnrollmentMessage.QrContentId}", mail.Body);
            var link = WebUtility.HtmlDecode(Regex.Match(mail.Body, "href=\"(otpauth://[^\"]+)\"").Groups[1].Value);
            Assert.StartsWith("otpauth://totp/RasMfa:alice?secret=", link);
            var image = Assert.Single(mail.Attachments);
            Assert.Equal((EnrollmentMessage.QrContentId, "image/png", true), (image.ContentId, image.ContentType, image.IsInline));
            Assert.Equal(Enrollment.QrPng(link), image.Content);
        }

        [Fact]
        public void A_refusal_for_want_of_Mail_Send_says_so_and_never_carries_the_token()
        {
            var result = Send(GraphMailbox.Denied);

            Assert.False(result.Delivered);
            Assert.Contains("Mail.Send", result.Failure);
            Assert.Contains("403", result.Failure);
            var token = _world.Entra.Server.Requests.Last().Header("Authorization")!.Substring("Bearer ".Length);
            Assert.DoesNotContain(token, result.Failure);
            Assert.DoesNotContain(token.Split('.')[1], result.Failure);
            Assert.Empty(_world.Entra.Scenario.Mailboxes.Sent);
        }

        [Fact]
        public void A_new_tenant_credential_is_used_by_the_next_send_of_a_channel_already_made()
        {
            _world.Entra.Tenants.Change("contoso", new RasMfa.Engine.Entra.EntraTenantChanges { ClientSecret = System.Text.Encoding.UTF8.GetBytes("an-old-secret") }, _world.Entra.Admin);
            using var channels = _world.Channels(GraphMailbox.Sender);
            var channel = channels.For(DeliveryKind.Email)!;
            var message = DeliveryTestMessage.For(DeliveryKind.Email, "alice@corp.example", "ras1", DateTime.Now);

            var refused = channel.SendAsync(message, CancellationToken.None).GetAwaiter().GetResult();
            Assert.False(refused.Delivered);
            Assert.Contains("no token for Graph (No token: AADSTS7000215: Invalid client secret provided.)", refused.Failure);
            Assert.DoesNotContain("an-old-secret", refused.Failure);

            _world.Entra.Tenants.Change("contoso", new RasMfa.Engine.Entra.EntraTenantChanges { ClientSecret = System.Text.Encoding.UTF8.GetBytes(GraphScenario.ClientSecret) }, _world.Entra.Admin);
            var sent = channel.SendAsync(message, CancellationToken.None).GetAwaiter().GetResult();
            Assert.True(sent.Delivered, sent.Failure);
        }

        [Fact]
        public void A_mailbox_Graph_does_not_know_is_named_in_the_failure()
        {
            var result = Send("nobody@contoso.com");

            Assert.False(result.Delivered);
            Assert.Contains("no mailbox nobody@contoso.com", result.Failure);
        }

        [Fact]
        public void A_429_is_waited_out_as_Retry_After_says_and_the_mail_is_then_sent_once()
        {
            var result = Send(GraphMailbox.Throttled);

            Assert.True(result.Delivered, result.Failure);
            Assert.Equal(2, _world.Entra.Server.Requests.Count(r => r.Path.EndsWith("/sendMail", StringComparison.Ordinal)));
            Assert.Single(_world.Entra.Scenario.Mailboxes.Sent);
        }

        [Fact]
        public void A_Graph_that_does_not_answer_within_the_timeout_fails_the_send_with_that_reason()
        {
            var result = Send(GraphMailbox.Slow, timeoutSeconds: 1);

            Assert.False(result.Delivered);
            Assert.Contains("within 1 s", result.Failure);
        }

        [Fact]
        public void A_recipient_that_is_not_one_address_is_refused_before_Graph_is_asked()
        {
            var result = Send(GraphMailbox.Sender, recipient: "alice@corp.example, mallory@evil.example");

            Assert.False(result.Delivered);
            Assert.Equal("the recipient is not one mail address", result.Failure);
            Assert.DoesNotContain(_world.Entra.Server.Requests, r => r.Path.EndsWith("/sendMail", StringComparison.Ordinal));
        }

        [Fact]
        public void A_provider_whose_tenant_is_gone_fails_its_sends_with_the_tenant_named()
        {
            using var channels = ConfiguredDeliveryChannels.From(new[] { GraphMailWorld.Provider(GraphMailbox.Sender, tenant: "fabrikam") }, _world.Environment,
                new IDeliveryProviderType[] { _world.Type });

            var result = channels.For(DeliveryKind.Email)!.SendAsync(DeliveryTestMessage.For(DeliveryKind.Email, "alice@corp.example", "ras1", DateTime.Now), CancellationToken.None).GetAwaiter().GetResult();

            Assert.False(result.Delivered);
            Assert.Contains("no Entra tenant is named 'fabrikam'", result.Failure);
        }

        [Fact]
        public void Where_no_store_lends_its_tenants_a_Graph_mail_provider_fails_its_sends_saying_so()
        {
            using var channels = ConfiguredDeliveryChannels.From(new[] { GraphMailWorld.Provider(GraphMailbox.Sender) }, new DeliveryEnvironment(), new IDeliveryProviderType[] { _world.Type });

            var result = channels.For(DeliveryKind.Email)!.SendAsync(DeliveryTestMessage.For(DeliveryKind.Email, "alice@corp.example", "ras1", DateTime.Now), CancellationToken.None).GetAwaiter().GetResult();

            Assert.False(result.Delivered);
            Assert.Contains("not available in this process", result.Failure);
        }

        [Fact]
        public void Test_RasMfaDeliveryProvider_sends_its_test_mail_through_Graph()
        {
            using var store = TestStore.Open(Engine.Storage.StoreKind.Sqlite);
            new DeliveryProviderService(store.Store.DeliveryProviders, new IDeliveryProviderType[] { _world.Type }).Set(GraphMailWorld.Provider(GraphMailbox.Sender), new RecordingReview());
            var service = new DeliveryProviderService(store.Store.DeliveryProviders, new IDeliveryProviderType[] { _world.Type }, _world.GraphMail);

            var result = service.SendTestAsync(DeliveryKind.Email, "alice@corp.example", CancellationToken.None).GetAwaiter().GetResult();

            Assert.True(result.Delivered, result.Failure);
            var mail = Assert.Single(_world.Entra.Scenario.Mailboxes.Sent);
            Assert.Equal(DeliveryTestMessage.Subject, mail.Subject);
        }

        private DeliveryResult Send(string mailbox, int timeoutSeconds = GraphMailSettings.DefaultTimeoutSeconds, string recipient = "alice@corp.example")
        {
            using var channels = _world.Channels(mailbox, timeoutSeconds);
            return channels.For(DeliveryKind.Email)!.SendAsync(DeliveryTestMessage.For(DeliveryKind.Email, recipient, "ras1", DateTime.Now), CancellationToken.None).GetAwaiter().GetResult();
        }
    }
}
