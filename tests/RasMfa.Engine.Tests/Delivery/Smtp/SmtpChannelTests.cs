using System;
using System.Linq;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using MimeKit;
using RasMfa.Engine.Delivery;
using RasMfa.Engine.Delivery.Smtp;
using Xunit;

namespace RasMfa.Engine.Tests.Delivery.Smtp
{
    /// <summary>The e-mail channel against a real SMTP server (aiosmtpd) on loopback, with STARTTLS and AUTH, as an admin sets it up.</summary>
    public sealed class SmtpChannelTests
    {
        private const string User = "rasmfa-relay";
        private const string Password = "Relay-Passw0rd-for-the-test";

        [Fact]
        public async Task A_message_goes_over_STARTTLS_with_AUTH_with_its_text_HTML_and_inline_image()
        {
            using var server = new SmtpTestServer(user: User, password: Password);
            var png = new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 1, 2, 3 };
            var message = new OutgoingMessage("alice@corp.example", "Your RasMfa code", "Your code is 493817.",
                "<p>Your code is <b>493817</b>.</p><img src=\"cid:qr\">", new[] { new InlineImage("qr", "image/png", png) });

            var result = await Channel(server).SendAsync(message, CancellationToken.None);

            Assert.True(result.Delivered, result.Failure);
            Assert.Contains("queued as test-1", result.ProviderReference);
            var received = Assert.Single(server.Received());
            Assert.Equal(User, received.Login);
            Assert.Equal("mfa@corp.example", received.MailFrom);
            Assert.Equal(new[] { "alice@corp.example" }, received.Recipients);
            var from = Assert.IsType<MailboxAddress>(Assert.Single(received.Message.From));
            Assert.Equal("RasMfa", from.Name);
            Assert.Equal("mfa@corp.example", from.Address);
            Assert.Equal("alice@corp.example", Assert.IsType<MailboxAddress>(Assert.Single(received.Message.To)).Address);
            Assert.Equal("Your RasMfa code", received.Message.Subject);
            Assert.Contains("Your code is 493817.", received.Message.TextBody);
            Assert.Contains("<b>493817</b>", received.Message.HtmlBody);
            var image = received.Message.BodyParts.OfType<MimePart>().Single(p => p.ContentType.MimeType == "image/png");
            Assert.Equal("qr", image.ContentId);
            using var content = new System.IO.MemoryStream();
            image.Content.DecodeTo(content);
            Assert.Equal(png, content.ToArray());
        }

        [Fact]
        public async Task Implicit_TLS_delivers_too()
        {
            using var server = new SmtpTestServer(tls: false, implicitTls: true, user: User, password: Password);
            var result = await Channel(server, security: SmtpSecurity.SslOnConnect).SendAsync(Message("bob@corp.example"), CancellationToken.None);
            Assert.True(result.Delivered, result.Failure);
            Assert.Equal(new[] { "bob@corp.example" }, Assert.Single(server.Received()).Recipients);
        }

        [Fact]
        public async Task A_wrong_password_fails_naming_authentication_and_never_the_password()
        {
            using var server = new SmtpTestServer(user: User, password: Password);
            var result = await Channel(server, password: "Not-The-Passw0rd").SendAsync(Message("alice@corp.example"), CancellationToken.None);
            Assert.False(result.Delivered);
            Assert.Contains("authentication", result.Failure);
            Assert.DoesNotContain("Not-The-Passw0rd", result.Failure);
            Assert.Empty(server.Received());
        }

        [Fact]
        public async Task A_server_that_does_not_offer_STARTTLS_gets_nothing_in_clear()
        {
            using var server = new SmtpTestServer(tls: false);
            var result = await Channel(server, user: null, password: null, pin: false).SendAsync(Message("alice@corp.example"), CancellationToken.None);
            Assert.False(result.Delivered);
            Assert.Contains("does not offer STARTTLS", result.Failure);
            Assert.Empty(server.Received());
        }

        [Fact]
        public async Task A_certificate_neither_trusted_by_the_system_nor_pinned_is_refused()
        {
            using var server = new SmtpTestServer(user: User, password: Password);
            var result = await Channel(server, pin: false).SendAsync(Message("alice@corp.example"), CancellationToken.None);
            Assert.False(result.Delivered);
            Assert.Contains("TLS handshake", result.Failure);
            Assert.Contains("not trusted", result.Failure);
            Assert.Empty(server.Received());
        }

        [Fact]
        public async Task A_certificate_other_than_the_pinned_one_is_refused()
        {
            using var server = new SmtpTestServer(user: User, password: Password);
            var result = await Channel(server, thumbprint: new string('A', 64)).SendAsync(Message("alice@corp.example"), CancellationToken.None);
            Assert.False(result.Delivered);
            Assert.Contains("does not match the pinned thumbprint", result.Failure);
            Assert.Empty(server.Received());
        }

        [Fact]
        public async Task A_refused_recipient_is_a_failure_that_says_so()
        {
            using var server = new SmtpTestServer(user: User, password: Password, refuseRecipientDomain: "gone.example");
            var result = await Channel(server).SendAsync(Message("carol@gone.example"), CancellationToken.None);
            Assert.False(result.Delivered);
            Assert.Contains("refused the recipient", result.Failure);
            Assert.Contains("550", result.Failure);
        }

        [Fact]
        public async Task A_refused_sender_is_a_failure_that_names_it()
        {
            using var server = new SmtpTestServer(user: User, password: Password, refuseSenderDomain: "corp.example");
            var result = await Channel(server).SendAsync(Message("alice@corp.example"), CancellationToken.None);
            Assert.False(result.Delivered);
            Assert.Contains("refused the sender mfa@corp.example", result.Failure);
            Assert.Contains("553", result.Failure);
            Assert.Empty(server.Received());
        }

        [Fact]
        public async Task A_server_that_is_down_is_a_failure()
        {
            // A port nothing listens on (TcpListener is not IDisposable on .NET Framework).
            var listener = new TcpListener(IPAddress.Loopback, 0);
            listener.Start();
            int port = ((IPEndPoint)listener.LocalEndpoint).Port;
            listener.Stop();
            var channel = new SmtpChannel(new SmtpSettings { Host = "127.0.0.1", Port = port, From = "mfa@corp.example", TimeoutSeconds = 5 }, null);
            var result = await channel.SendAsync(Message("alice@corp.example"), CancellationToken.None);
            Assert.False(result.Delivered);
            Assert.Contains("could not connect", result.Failure);
        }

        [Fact]
        public async Task A_server_that_never_answers_fails_at_the_timeout()
        {
            var listener = new TcpListener(IPAddress.Loopback, 0);
            listener.Start();
            var port = ((IPEndPoint)listener.LocalEndpoint).Port;
            // Accepts the connection and never greets.
            var accepted = listener.AcceptTcpClientAsync();
            var channel = new SmtpChannel(new SmtpSettings { Host = "127.0.0.1", Port = port, From = "mfa@corp.example", TimeoutSeconds = 1 }, null);

            var send = channel.SendAsync(Message("alice@corp.example"), CancellationToken.None);
            // Far beyond the 1 s timeout: only a send that ignored its timeout would lose this race.
            Assert.Same(send, await Task.WhenAny(send, Task.Delay(TimeSpan.FromSeconds(60))));

            var result = await send;
            Assert.False(result.Delivered);
            Assert.Contains("did not answer within 1 s", result.Failure);
            (await accepted).Close();
            listener.Stop();
        }

        [Theory]
        [InlineData("alice@corp.example\r\nBcc: mallory@evil.example")]
        [InlineData("alice@corp.example, mallory@evil.example")]
        [InlineData("Alice <mallory@evil.example>")]
        [InlineData("not-an-address")]
        public async Task A_recipient_that_is_not_one_bare_address_gets_nothing(string recipient)
        {
            using var server = new SmtpTestServer(user: User, password: Password);
            var result = await Channel(server).SendAsync(Message(recipient), CancellationToken.None);
            Assert.False(result.Delivered);
            Assert.Contains("not one mail address", result.Failure);
            Assert.Empty(server.Received());
        }

        [Fact]
        public async Task A_line_break_in_the_subject_adds_no_header()
        {
            using var server = new SmtpTestServer(user: User, password: Password);
            var result = await Channel(server).SendAsync(new OutgoingMessage("alice@corp.example", "Hello\r\nBcc: mallory@evil.example", "text"), CancellationToken.None);
            Assert.True(result.Delivered, result.Failure);
            var received = Assert.Single(server.Received());
            Assert.Equal(new[] { "alice@corp.example" }, received.Recipients);
            Assert.Empty(received.Message.Bcc);
            Assert.DoesNotContain(received.Message.Headers, h => h.Field.Equals("Bcc", StringComparison.OrdinalIgnoreCase));
        }

        private static OutgoingMessage Message(string recipient) => new OutgoingMessage(recipient, "RasMfa test", "A test from RasMfa.");

        private static SmtpChannel Channel(SmtpTestServer server, SmtpSecurity security = SmtpSecurity.StartTls, string? user = User, string? password = Password, bool pin = true, string? thumbprint = null) =>
            new SmtpChannel(new SmtpSettings
            {
                Host = "127.0.0.1",
                Port = server.Port,
                Security = security,
                From = "mfa@corp.example",
                FromName = "RasMfa",
                UserName = user,
                CertificateThumbprint = thumbprint ?? (pin ? server.CertificateSha256 : null),
                TimeoutSeconds = 10,
            }, password == null ? null : Encoding.UTF8.GetBytes(password));
    }
}
