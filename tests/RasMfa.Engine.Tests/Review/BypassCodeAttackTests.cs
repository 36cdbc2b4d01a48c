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
    }
}
