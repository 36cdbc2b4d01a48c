using System;
using System.Linq;
using RasMfa.Engine.BypassCodes;
using RasMfa.Engine.Clients;
using RasMfa.Engine.Radius;
using RasMfa.Engine.Tests.Administration;
using RasMfa.Engine.Tests.Mfa;
using Xunit;

namespace RasMfa.Engine.Tests.Review
{
    /// <summary>Review R6: a bypass code as the user who lost their phone types it.</summary>
    public sealed class BypassCodeAttackTests
    {
        private static string NewCode(MfaFixture f, string user) =>
            new BypassCodeService(f.Store.BypassCodes, f.Store.Users).New(user, 1, TimeSpan.FromDays(1), 1, "CORP\\admin", f.Now, new RecordingReview())!.Single().Code;

        [Fact]
        public void A_bypass_code_appended_to_the_password_logs_in_at_a_client_that_takes_password_and_code_in_one_field()
        {
            var checker = new RecordingChecker();
            using var f = new MfaFixture(client => checker);
            f.Client.FirstFactor = FirstFactor.UpstreamRadius;
            f.Client.OtpMode = OtpMode.Appended;
            f.Enrol("alice");
            var code = NewCode(f, "alice");
            var answer = f.Pap("alice", "Correct horse 1" + code);
            // The 12 digits must be split off whole: the password checked is the password, and the wrong-password count stays 0.
            Assert.Equal("Correct horse 1", System.Text.Encoding.UTF8.GetString(checker.Checked.Last().Password));
            Assert.Equal(RadiusCode.AccessAccept, answer.Code);
            Assert.Equal(0, f.Store.Users.Get("alice")!.FailedAttempts);
        }

        [Fact]
        public void A_bypass_code_read_out_in_groups_or_with_a_trailing_space_logs_in()
        {
            using var f = new MfaFixture();
            f.Enrol("alice");
            var code = NewCode(f, "alice");
            var grouped = code.Substring(0, 4) + " " + code.Substring(4, 4) + " " + code.Substring(8) + " ";
            Assert.Equal(RadiusCode.AccessAccept, f.Pap("alice", grouped).Code);
        }

        [Fact]
        public void A_single_use_bypass_code_sent_in_many_requests_at_once_logs_in_once_on_SQLite()
        {
            using var f = new MfaFixture();
            f.Enrol("alice");
            var code = NewCode(f, "alice");
            var answers = System.Threading.Tasks.Task.WhenAll(Enumerable.Range(0, 16).Select(_ => System.Threading.Tasks.Task.Run(() => f.PapAsync("alice", code)))).GetAwaiter().GetResult();
            Assert.Equal(1, answers.Count(a => a.Code == RadiusCode.AccessAccept));
        }

        [Fact]
        public void Bobs_bypass_code_does_not_log_in_alice()
        {
            using var f = new MfaFixture();
            f.Enrol("alice");
            f.Enrol("bob");
            var code = NewCode(f, "bob");
            Assert.Equal(RadiusCode.AccessReject, f.Pap("alice", code).Code);
            Assert.Equal(RadiusCode.AccessAccept, f.Pap("bob", code).Code);
        }

        [Fact]
        public void A_removed_bypass_code_no_longer_logs_in_and_its_removal_is_audited_without_the_code()
        {
            using var f = new MfaFixture();
            f.Enrol("alice");
            var code = NewCode(f, "alice");
            var service = new BypassCodeService(f.Store.BypassCodes, f.Store.Users);
            Assert.Equal(1, service.Remove(null, "alice", "CORP\\admin", f.Now, new RecordingReview()));
            Assert.Equal(RadiusCode.AccessReject, f.Pap("alice", code).Code);
            foreach (var record in f.Store.AuditLog.Query(new RasMfa.Engine.Audit.AuthenticationLogQuery { Last = 10 }))
                Assert.DoesNotContain(code, (record.Reason ?? "") + (record.Method ?? "") + (record.UserName ?? ""));
        }
    }
}
