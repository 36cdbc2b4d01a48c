using System;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.RegularExpressions;
using System.Threading;
using MimeKit;
using RasMfa.Engine.Administration;
using RasMfa.Engine.Delivery;
using RasMfa.Engine.Delivery.Smtp;
using RasMfa.Engine.Radius;
using RasMfa.Engine.Tests.Administration;
using RasMfa.Engine.Tests.Delivery.Smtp;
using RasMfa.Engine.Tests.Mfa;
using RasMfa.Engine.Tokens;
using RasMfa.Engine.Users;
using Xunit;

namespace RasMfa.Engine.Tests.Tokens
{
    /// <summary>
    /// Send-RasMfaEnrollment and Confirm-RasMfaEnrollment as the user and the help desk see them, with the mail going
    /// through a real SMTP server (aiosmtpd, STARTTLS and AUTH) and the logins through the request handler.
    /// </summary>
    public sealed class MailedEnrollmentTests : IDisposable
    {
        private const string RelayUser = "rasmfa-relay";
        private const string RelayPassword = "Relay-Passw0rd-for-the-test";
        private readonly MfaFixture _f = new MfaFixture();
        private readonly SmtpTestServer _server = new SmtpTestServer(user: RelayUser, password: RelayPassword);
        private readonly MailedEnrollmentService _enrollment;

        public MailedEnrollmentTests()
        {
            _enrollment = new MailedEnrollmentService(_f.Store.Tokens, _f.Store.Users, _f.Store.Settings, _f.Store.AuditLog);
            _f.Store.Users.Add(new MfaUser("alice") { Email = "alice@corp.example" });
        }

        [Fact]
        public void The_mail_carries_the_QR_code_inline_and_the_link_and_the_token_works_only_once_confirmed()
        {
            var sent = Send("alice")!;

            var mail = Assert.Single(_server.Received());
            Assert.Equal(new[] { "alice@corp.example" }, mail.Recipients);
            Assert.Contains("authenticator", mail.Message.Subject);
            var link = Regex.Match(mail.Message.TextBody, @"otpauth://totp/\S+").Value;
            Assert.StartsWith("otpauth://totp/RasMfa:alice?secret=", link);
            Assert.Contains($"cid:{EnrollmentMessage.QrContentId}", mail.Message.HtmlBody);
            var image = mail.Message.BodyParts.OfType<MimePart>().Single(p => p.ContentType.MimeType == "image/png");
            Assert.Equal(EnrollmentMessage.QrContentId, image.ContentId);
            using (var png = new MemoryStream())
            {
                image.Content.DecodeTo(png);
                Assert.Equal(Enrollment.QrPng(link), png.ToArray());
            }
            var app = AppFrom(link);

            // Pending: the user holds no token (a code at login would confirm it: EnrollmentAtLoginTests; here the help desk does).
            Assert.Empty(_f.Store.Users.TokenSerialsOf(_f.Store.Users.Get("alice")!.Id));

            var wrong = Assert.Throws<EngineException>(() => _enrollment.Confirm("alice", WrongCode(app), _f.Now, new RecordingReview()));
            Assert.Equal("EnrollmentCodeWrong", wrong.ErrorId);
            _f.Now = _f.Now.AddSeconds(30);
            var confirming = _f.CodeAt(app);
            var confirmed = _enrollment.Confirm("alice", confirming, _f.Now, new RecordingReview())!;

            Assert.Equal(sent.PendingSerial, confirmed.PendingSerial);
            Assert.Equal(new[] { confirmed.Serial }, _f.Store.Users.TokenSerialsOf(_f.Store.Users.Get("alice")!.Id));
            Assert.Null(_f.Store.Tokens.GetBySerial(sent.PendingSerial));
            // The confirming code is used up; the next one logs in.
            Assert.Equal(RadiusCode.AccessReject, _f.Pap("alice", confirming).Code);
            _f.Now = _f.Now.AddSeconds(30);
            Assert.Equal(RadiusCode.AccessAccept, _f.Pap("alice", _f.CodeAt(app)).Code);
        }

        [Fact]
        public void A_mail_that_fails_adds_no_token_and_says_why()
        {
            var before = _f.Store.Tokens.List().Count;
            var e = Assert.Throws<EngineException>(() => Send("alice", password: "Not-The-Passw0rd"));
            Assert.Equal("EnrollmentMailNotSent", e.ErrorId);
            Assert.Contains("authentication", e.Message);
            Assert.Contains("No token was added", e.Message);
            Assert.DoesNotContain("Not-The-Passw0rd", e.Message);
            Assert.Equal(before, _f.Store.Tokens.List().Count);
            Assert.Empty(_server.Received());
        }

        [Fact]
        public void A_user_without_an_e_mail_address_is_told_so()
        {
            _f.Store.Users.Add(new MfaUser("bob"));
            Assert.Equal("RasMfaUserHasNoEmail", Assert.Throws<EngineException>(() => Send("bob")).ErrorId);
            Assert.Empty(_f.Store.Tokens.List());
        }

        [Fact]
        public void An_enrolment_left_unconfirmed_past_its_lifetime_cannot_be_confirmed()
        {
            Send("alice");
            var app = AppFrom(Regex.Match(Assert.Single(_server.Received()).Message.TextBody, @"otpauth://totp/\S+").Value);
            _f.Now = _f.Now + MailedEnrollmentService.PendingLifetime(new RasMfa.Engine.Configuration.MfaSettings()) + TimeSpan.FromMinutes(1);
            var e = Assert.Throws<EngineException>(() => _enrollment.Confirm("alice", _f.CodeAt(app), _f.Now, new RecordingReview()));
            Assert.Equal("PendingEnrollmentExpired", e.ErrorId);
        }

        [Fact]
        public void A_pending_enrolment_can_be_mailed_again_with_the_same_secret_but_a_confirmed_token_never()
        {
            var first = Send("alice")!;
            var again = Send("alice", pendingSerial: first.PendingSerial)!;
            Assert.Equal(first.PendingSerial, again.PendingSerial);
            var mails = _server.Received();
            Assert.Equal(2, mails.Count);
            string Link(ReceivedMail m) => Regex.Match(m.Message.TextBody, @"otpauth://totp/\S+").Value;
            Assert.Equal(Link(mails[0]), Link(mails[1]));

            var confirmed = _enrollment.Confirm("alice", _f.CodeAt(AppFrom(Link(mails[0]))), _f.Now, new RecordingReview())!;
            var e = Assert.Throws<EngineException>(() => Send("alice", pendingSerial: confirmed.Serial));
            Assert.Equal("PendingEnrollmentNotFound", e.ErrorId);
            Assert.Equal(2, _server.Received().Count);
        }

        public void Dispose()
        {
            _server.Dispose();
            _f.Dispose();
        }

        private MailedEnrollment? Send(string userName, string? pendingSerial = null, string password = RelayPassword)
        {
            var settings = new SmtpSettings
            {
                Host = "127.0.0.1",
                Port = _server.Port,
                From = "mfa@corp.example",
                UserName = RelayUser,
                CertificateThumbprint = _server.CertificateSha256,
                TimeoutSeconds = 10,
            };
            var provider = new DeliveryProviderDefinition(DeliveryKind.Email, SmtpProviderType.TypeName, settings.ToJson(), Encoding.UTF8.GetBytes(password));
            var channels = ConfiguredDeliveryChannels.From(new[] { provider }, new DeliveryEnvironment());
            try
            {
                return _enrollment.SendAsync(userName, pendingSerial, "RasMfa", channels, _f.Now, "tester", new RecordingReview(), CancellationToken.None).GetAwaiter().GetResult();
            }
            catch (AggregateException e) when (e.InnerException != null)
            {
                throw e.InnerException;
            }
        }

        // What the user's app holds once it scanned the mail's QR code (the same text as the link).
        private static OtpToken AppFrom(string link)
        {
            var secret = Regex.Match(link, "secret=([A-Z2-7]+)").Groups[1].Value;
            return new OtpToken("app", OtpTokenType.Totp, OtpNet.Base32Encoding.ToBytes(secret));
        }

        private string WrongCode(OtpToken app)
        {
            var right = Enumerable.Range(-2, 5).Select(offset => _f.CodeAt(app, offset)).ToList();
            return Enumerable.Range(0, 1000000).Select(n => n.ToString("D6")).First(c => !right.Contains(c));
        }
    }
}
