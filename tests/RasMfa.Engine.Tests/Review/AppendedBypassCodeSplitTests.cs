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
    /// <summary>Review R6 (mend): where "password+code" is split when the user holds bypass codes.</summary>
    public sealed class AppendedBypassCodeSplitTests
    {
        private const string DigitsEndingPassword = "Winter123456";

        private static (MfaFixture Fixture, RecordingChecker Checker) AppendedClient(string goodPassword)
        {
            var checker = new RecordingChecker(goodPassword);
            var f = new MfaFixture(client => checker);
            f.Client.FirstFactor = FirstFactor.UpstreamRadius;
            f.Client.OtpMode = OtpMode.Appended;
            return (f, checker);
        }

        private static string GiveBypassCode(MfaFixture f, string user) =>
            new BypassCodeService(f.Store.BypassCodes, f.Store.Users).New(user, 1, TimeSpan.FromDays(1), 1, "CORP\\admin", f.Now, new RecordingReview())!.Single().Code;

        [Fact]
        public void A_password_ending_in_digits_and_an_app_code_still_log_in_for_a_user_who_holds_bypass_codes()
        {
            var (f, checker) = AppendedClient(DigitsEndingPassword);
            using (f)
            {
                var token = f.Enrol("alice");
                GiveBypassCode(f, "alice");
                // The last 12 digits are no bypass code: the split stays at the app's 6 digits.
                var answer = f.Pap("alice", DigitsEndingPassword + f.CodeAt(token));
                Assert.Equal(DigitsEndingPassword, System.Text.Encoding.UTF8.GetString(checker.Checked.Single().Password));
                Assert.Equal(RadiusCode.AccessAccept, answer.Code);
            }
        }

        [Fact]
        public void A_wrong_password_with_an_appended_bypass_code_is_checked_once_and_counted_once()
        {
            var (f, checker) = AppendedClient("Correct horse 1");
            using (f)
            {
                f.Enrol("alice");
                var code = GiveBypassCode(f, "alice");
                var answer = f.Pap("alice", "Wrong horse 1" + code);
                Assert.Equal(RadiusCode.AccessReject, answer.Code);
                Assert.Single(checker.Checked);
                Assert.Equal(1, f.Store.Users.Get("alice")!.FailedAttempts);
            }
        }
    }
}
