using System;
using System.IO;
using System.Linq;
using System.Threading;
using RasMfa.Engine.Audit;
using RasMfa.Engine.BypassCodes;
using RasMfa.Engine.Configuration;
using RasMfa.Engine.Delivery;
using RasMfa.Engine.Mfa;
using RasMfa.Engine.Radius;
using RasMfa.Engine.Tests.Administration;
using RasMfa.Engine.Tests.Mfa;
using RasMfa.Engine.Tests.Mfa.OutOfBand;
using RasMfa.Engine.Tokens;
using RasMfa.Engine.Users;
using Xunit;

namespace RasMfa.Engine.Tests.Tokens
{
    /// <summary>
    /// A mailed enrolment confirmed by the user's first login (issue 14): a code from the mailed secret logs in and makes the
    /// pending token the user's, only for a user who holds no other method, never past EnrollmentPendingHours; each mail
    /// sent or not sent is audited.
    /// </summary>
    public sealed class EnrollmentAtLoginTests : IDisposable
    {
        private readonly MfaFixture _f = new MfaFixture();
        private readonly RecordingChannels _mail = new RecordingChannels(DeliveryKind.Email);
        private readonly MailedEnrollmentService _enrollment;

        public EnrollmentAtLoginTests()
        {
            _enrollment = new MailedEnrollmentService(_f.Store.Tokens, _f.Store.Users, _f.Store.Settings, _f.Store.AuditLog);
            _f.Store.Users.Add(new MfaUser("alice") { Email = "alice@corp.example" });
        }

        public void Dispose() => _f.Dispose();

        private OtpToken MailedTo(string userName)
        {
            var sent = _enrollment.SendAsync(userName, null, "RasMfa", _mail, _f.Now, "CORP\\helpdesk (test)", new RecordingReview(), CancellationToken.None).GetAwaiter().GetResult()!;
            return _f.Store.Tokens.GetBySerial(sent.PendingSerial)!;
        }

        private string[] TokensOf(string userName) => _f.Store.Users.TokenSerialsOf(_f.Store.Users.Get(userName)!.Id).ToArray();

        [Fact]
        public void A_user_holding_no_token_logs_in_with_a_code_from_the_mail_and_the_enrolment_becomes_their_token()
        {
            var app = MailedTo("alice");
            Assert.Contains("sign in with the code it shows", _mail.Sent.Last().Text);

            Assert.Equal(RadiusCode.AccessAccept, _f.Pap("alice", _f.CodeAt(app)).Code);

            var serial = Assert.Single(TokensOf("alice"));
            Assert.StartsWith("TOTP-", serial);
            Assert.Null(_f.Store.Tokens.GetBySerial(app.Serial));
            Assert.Equal(app.Secret, _f.Store.Tokens.GetBySerial(serial)!.Secret);
            var record = _f.Store.AuditLog.Query(new AuthenticationLogQuery { Last = 1 })[0];
            Assert.Equal("Accept", record.Result);
            Assert.Contains(DecisionReason.EnrollmentConfirmedAtLogin, record.Reason);
            Assert.Contains(app.Serial, record.Reason);
            Assert.Contains(serial, record.Reason);
            // The confirming code is used up; the next step's code logs in as the user's token's.
            Assert.Equal(RadiusCode.AccessReject, _f.Pap("alice", _f.CodeAt(app)).Code);
            _f.Now = _f.Now.AddSeconds(30);
            Assert.Equal(RadiusCode.AccessAccept, _f.Pap("alice", _f.CodeAt(app)).Code);
            Assert.DoesNotContain(DecisionReason.EnrollmentConfirmedAtLogin, _f.LastReason());
        }

        [Fact]
        public void A_wrong_code_confirms_nothing_and_counts_as_a_wrong_code()
        {
            var app = MailedTo("alice");
            var wrong = _f.CodeAt(app) == "000000" ? "111111" : "000000";
            Assert.Equal(RadiusCode.AccessReject, _f.Pap("alice", wrong).Code);
            Assert.Empty(TokensOf("alice"));
            Assert.NotNull(_f.Store.Tokens.GetBySerial(app.Serial));
            Assert.Equal(1, _f.Store.Users.Get("alice")!.FailedAttempts);
        }

        [Fact]
        public void A_user_who_holds_a_token_keeps_the_help_desk_confirmation_a_code_from_the_mail_does_not_log_in()
        {
            // Whoever read the mail can compute its codes: beside a method the user holds, it would be a second way in.
            var held = new OtpToken("HW-1", OtpTokenType.Totp, OtpSecrets.Generate(OtpAlgorithm.Sha1)) { UserId = _f.Store.Users.Get("alice")!.Id };
            _f.Store.Tokens.Add(held);
            var app = MailedTo("alice");
            Assert.Contains("give the code it shows to your IT help desk", _mail.Sent.Last().Text);

            Assert.Equal(RadiusCode.AccessReject, _f.Pap("alice", _f.CodeAt(app)).Code);
            Assert.Equal(new[] { "HW-1" }, TokensOf("alice"));
            Assert.NotNull(_f.Store.Tokens.GetBySerial(app.Serial));
            Assert.Equal(RadiusCode.AccessAccept, _f.Pap("alice", _f.CodeAt(held)).Code);
            // The help desk still confirms it.
            _f.Now = _f.Now.AddSeconds(30);
            Assert.NotNull(_enrollment.Confirm("alice", _f.CodeAt(app), _f.Now, new RecordingReview()));
            Assert.Equal(2, TokensOf("alice").Length);
        }

        [Fact]
        public void A_user_who_holds_bypass_codes_does_not_confirm_at_login()
        {
            new BypassCodeService(_f.Store.BypassCodes, _f.Store.Users).New("alice", 1, TimeSpan.FromDays(1), 1, "admin", _f.Now, new RecordingReview());
            var app = MailedTo("alice");
            Assert.Equal(RadiusCode.AccessReject, _f.Pap("alice", _f.CodeAt(app)).Code);
            Assert.Empty(TokensOf("alice"));
            Assert.NotNull(_f.Store.Tokens.GetBySerial(app.Serial));
        }

        [Fact]
        public void A_pending_enrolment_past_EnrollmentPendingHours_never_confirms_at_login()
        {
            _f.Settings = new MfaSettings { EnrollmentPendingHours = 2 };
            var app = MailedTo("alice");
            _f.Now = _f.Now.AddHours(2);
            Assert.Equal(RadiusCode.AccessReject, _f.Pap("alice", _f.CodeAt(app)).Code);
            Assert.Empty(TokensOf("alice"));
            // Under the default week it would still have confirmed: the setting is what refused it.
            _f.Settings = new MfaSettings();
            _f.Now = _f.Now.AddSeconds(30);
            Assert.Equal(RadiusCode.AccessAccept, _f.Pap("alice", _f.CodeAt(app)).Code);
        }

        [Fact]
        public void A_new_mail_removes_the_users_expired_pending_enrolments_and_keeps_live_ones()
        {
            _f.Store.Settings.Set(new MfaSettings { EnrollmentPendingHours = 24 });
            var old = MailedTo("alice");
            _f.Now = _f.Now.AddHours(20);
            var live = MailedTo("alice");
            _f.Now = _f.Now.AddHours(5);
            var newest = MailedTo("alice");
            Assert.Null(_f.Store.Tokens.GetBySerial(old.Serial));
            Assert.NotNull(_f.Store.Tokens.GetBySerial(live.Serial));
            Assert.NotNull(_f.Store.Tokens.GetBySerial(newest.Serial));
        }

        [Fact]
        public void Each_mail_sent_and_each_not_sent_leaves_an_audit_record_without_the_secret_or_the_link()
        {
            var app = MailedTo("alice");
            _mail[DeliveryKind.Email].Failure = "SMTP 550 mailbox unavailable";
            Assert.ThrowsAny<Exception>(() => MailedTo("alice"));

            var records = _f.Store.AuditLog.Query(new AuthenticationLogQuery { UserName = "alice" });
            Assert.Equal(new[] { MailedEnrollmentService.SentResult, MailedEnrollmentService.NotSentResult }, records.Select(r => r.Result).ToArray());
            Assert.All(records, r => Assert.Equal(MailedEnrollmentService.MethodName, r.Method));
            Assert.Contains(app.Serial, records[0].Reason);
            Assert.Contains("alice@corp.example", records[0].Reason);
            Assert.Contains("CORP\\helpdesk (test)", records[0].Reason);
            Assert.Contains("550 mailbox unavailable", records[1].Reason);
            var secret = OtpSecrets.ToBase32(app.Secret);
            foreach (var record in records)
            {
                Assert.DoesNotContain(secret, record.Reason);
                Assert.DoesNotContain("otpauth", record.Reason);
            }
        }

        [Fact]
        public void The_help_desk_confirming_while_the_users_login_confirms_adds_no_second_token_of_the_same_secret()
        {
            var app = MailedTo("alice");
            // The login lands between the help desk's check of the code and its write (the review runs there).
            var review = new LoginDuringReview(() => Assert.Equal(RadiusCode.AccessAccept, _f.Pap("alice", _f.CodeAt(app)).Code));
            _f.Now = _f.Now.AddSeconds(30);
            var e = Assert.Throws<RasMfa.Engine.Administration.EngineException>(() => _enrollment.Confirm("alice", _f.CodeAt(app), _f.Now, review));
            Assert.Equal("PendingEnrollmentNotFound", e.ErrorId);
            // One token: a second of the same secret would accept each code twice, once per token.
            Assert.Single(TokensOf("alice"));
        }

        private sealed class LoginDuringReview : RasMfa.Engine.Administration.IChangeReview
        {
            private readonly Action _login;

            public LoginDuringReview(Action login) => _login = login;

            public bool Approve(string target, string action)
            {
                _login();
                return true;
            }

            public void Warn(string message)
            {
            }
        }

        [Theory]
        [InlineData(0, false)]
        [InlineData(1, true)]
        [InlineData(720, true)]
        [InlineData(721, false)]
        public void EnrollmentPendingHours_is_from_1_to_720(int hours, bool valid)
        {
            Assert.Equal(valid, new MfaSettings { EnrollmentPendingHours = hours }.Invalidity() == null);
        }

        [Fact]
        public void Import_refuses_a_token_whose_serial_takes_the_mailed_enrolment_prefix_and_imports_the_rest()
        {
            var userId = _f.Store.Users.Get("alice")!.Id;
            var path = Path.Combine(Path.GetTempPath(), "rasmfa-reserved-" + Guid.NewGuid().ToString("N") + ".csv");
            File.WriteAllText(path, "Serial,Secret,Type,Digits,Period,UserName\n" +
                $"enrol-{userId}-ABCDEF012345,3132333435363738393031323334353637383930,TOTP,6,30,alice\n" +
                "HW-2,3132333435363738393031323334353637383930,TOTP,6,30,alice\n");
            try
            {
                var rows = new TokenService(_f.Store.Tokens, _f.Store.Users, _f.Store.Settings).ImportOath(path, null, new RecordingReview())!;
                var refused = Assert.Single(rows, row => row.Error != null);
                Assert.Equal(PendingEnrollmentSerial.ReservedErrorId, refused.ErrorId);
                Assert.Equal(new[] { "HW-2" }, TokensOf("alice"));
                Assert.DoesNotContain(_f.Store.Tokens.List(), t => PendingEnrollmentSerial.IsPending(t.Serial));
            }
            finally
            {
                File.Delete(path);
            }
        }
    }
}
