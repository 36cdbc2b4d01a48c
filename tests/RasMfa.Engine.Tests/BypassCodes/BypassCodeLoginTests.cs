using System;
using System.Linq;
using RasMfa.Engine.Administration;
using RasMfa.Engine.Audit;
using RasMfa.Engine.BypassCodes;
using RasMfa.Engine.Configuration;
using RasMfa.Engine.Mfa;
using RasMfa.Engine.Radius;
using RasMfa.Engine.Tests.Administration;
using RasMfa.Engine.Tests.Mfa;
using RasMfa.Engine.Users;
using Xunit;

namespace RasMfa.Engine.Tests.BypassCodes
{
    /// <summary>A bypass code through the whole login path on a real (SQLite) store: what the user who lost their phone sees.</summary>
    public sealed class BypassCodeLoginTests : IDisposable
    {
        private readonly MfaFixture _f = new MfaFixture();

        public void Dispose() => _f.Dispose();

        private BypassCodeService Service => new BypassCodeService(_f.Store.BypassCodes, _f.Store.Users);

        private string NewCode(string user, int uses = 1, TimeSpan? validFor = null) =>
            Service.New(user, 1, validFor ?? TimeSpan.FromDays(1), uses, "CORP\\admin", _f.Now, new RecordingReview())!.Single().Code;

        private AuthenticationRecord LastRecord() => _f.Store.AuditLog.Query(new AuthenticationLogQuery { Last = 1 })[0];

        [Fact]
        public void A_single_use_code_logs_in_once_audited_as_Bypass_and_its_second_use_is_rejected()
        {
            _f.Enrol("alice");
            var code = NewCode("alice");
            Assert.Equal(RadiusCode.AccessAccept, _f.Pap("alice", code).Code);
            Assert.Equal("Bypass/PAP", LastRecord().Method);
            Assert.Equal(RadiusCode.AccessReject, _f.Pap("alice", code).Code);
            Assert.Equal(DecisionReason.WrongCode, LastRecord().Reason);
            Assert.Equal(0, Service.List("alice").Single().UsesLeft);
        }

        [Fact]
        public void A_code_with_three_uses_logs_in_three_times()
        {
            _f.Enrol("alice");
            var code = NewCode("alice", uses: 3);
            for (int i = 0; i < 3; i++) Assert.Equal(RadiusCode.AccessAccept, _f.Pap("alice", code).Code);
            Assert.Equal(RadiusCode.AccessReject, _f.Pap("alice", code).Code);
        }

        [Fact]
        public void An_expired_code_is_rejected()
        {
            _f.Enrol("alice");
            var code = NewCode("alice", validFor: TimeSpan.FromHours(1));
            _f.Now += TimeSpan.FromHours(1) + TimeSpan.FromSeconds(1);
            Assert.Equal(RadiusCode.AccessReject, _f.Pap("alice", code).Code);
            Assert.Equal(1, Service.List("alice").Single().UsesLeft);
        }

        [Fact]
        public void A_code_answers_a_challenge_begun_by_the_app()
        {
            _f.Enrol("alice");
            var code = NewCode("alice");
            var challenge = _f.Pap("alice", "");
            Assert.Equal(RadiusCode.AccessChallenge, challenge.Code);
            Assert.Equal(RadiusCode.AccessAccept, _f.Pap("alice", code, challenge.State).Code);
            Assert.Equal("Bypass/PAP", LastRecord().Method);
        }

        [Fact]
        public void A_user_whose_lost_token_was_removed_logs_in_with_a_code_alone()
        {
            var token = _f.Enrol("alice");
            _f.Store.Tokens.Remove(token.Serial);
            var code = NewCode("alice");
            Assert.Equal(RadiusCode.AccessAccept, _f.Pap("alice", code).Code);
        }

        [Fact]
        public void Another_users_code_does_not_log_in()
        {
            _f.Enrol("alice");
            _f.Enrol("bob");
            var code = NewCode("bob");
            Assert.Equal(RadiusCode.AccessReject, _f.Pap("alice", code).Code);
            Assert.Equal(RadiusCode.AccessAccept, _f.Pap("bob", code).Code);
        }

        [Fact]
        public void Wrong_codes_count_towards_the_lockout_and_a_locked_user_is_refused_even_the_right_code()
        {
            _f.Settings = new MfaSettings { LockoutThreshold = 3 };
            _f.Enrol("alice");
            var code = NewCode("alice");
            for (int i = 0; i < 3; i++) Assert.Equal(RadiusCode.AccessReject, _f.Pap("alice", "000000000000").Code);
            Assert.Equal(3, _f.Store.Users.Get("alice")!.FailedAttempts);
            Assert.Equal(RadiusCode.AccessReject, _f.Pap("alice", code).Code);
            Assert.Equal(1, Service.List("alice").Single().UsesLeft);
        }

        [Fact]
        public void A_code_sent_by_CHAP_is_rejected_and_not_used_up()
        {
            _f.Enrol("alice");
            var code = NewCode("alice");
            Assert.Equal(RadiusCode.AccessReject, _f.Chap("alice", code).Code);
            Assert.Equal(1, Service.List("alice").Single().UsesLeft);
        }

        [Fact]
        public void A_removed_code_no_longer_logs_in_and_its_removal_is_audited()
        {
            _f.Enrol("alice");
            var code = NewCode("alice");
            var id = Service.List("alice").Single().Id;
            Assert.Equal(1, Service.Remove(id, null, "CORP\\admin", _f.Now, new RecordingReview()));
            var removal = LastRecord();
            Assert.Equal(BypassCodeService.RemovedResult, removal.Result);
            Assert.Equal("alice", removal.UserName);
            Assert.Contains("CORP\\admin", removal.Reason);
            Assert.Equal(RadiusCode.AccessReject, _f.Pap("alice", code).Code);
        }

        [Fact]
        public void Creation_is_audited_with_who_made_the_codes_and_never_the_code()
        {
            _f.Enrol("alice");
            var issued = Service.New("alice", 3, TimeSpan.FromDays(2), 2, "CORP\\admin (New-RasMfaBypassCode)", _f.Now, new RecordingReview())!;
            var record = LastRecord();
            Assert.Equal(BypassCodeService.CreatedResult, record.Result);
            Assert.Equal("Bypass", record.Method);
            Assert.Contains("CORP\\admin", record.Reason);
            Assert.All(issued, code => Assert.DoesNotContain(code.Code, record.Reason));
            Assert.All(Service.List("alice"), code => Assert.Equal("CORP\\admin (New-RasMfaBypassCode)", code.CreatedBy));
        }

        [Fact]
        public void Codes_are_twelve_digits_and_stored_only_as_a_keyed_hash()
        {
            _f.Enrol("alice");
            var code = NewCode("alice");
            Assert.Matches("^[0-9]{12}$", code);
            using var connection = new Microsoft.Data.Sqlite.SqliteConnection("Data Source=" + _f.Store.Location);
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = "SELECT hash_key, hash FROM bypass_code";
            using var reader = command.ExecuteReader();
            Assert.True(reader.Read());
            var sealedKey = (byte[])reader.GetValue(0);
            var hash = (byte[])reader.GetValue(1);
            // The stored hash is no plain hash of the code: without the sealed key no guess can be tested.
            using var sha = System.Security.Cryptography.SHA256.Create();
            Assert.NotEqual(sha.ComputeHash(System.Text.Encoding.ASCII.GetBytes(code)), hash);
            Assert.DoesNotContain(code, System.Text.Encoding.ASCII.GetString(sealedKey));
            Assert.Equal(32, hash.Length);
        }

        [Theory]
        [InlineData(0, 1, 24, "BypassCodeCountOutOfRange")]
        [InlineData(11, 1, 24, "BypassCodeCountOutOfRange")]
        [InlineData(1, 0, 24, "BypassCodeUsesOutOfRange")]
        [InlineData(1, 11, 24, "BypassCodeUsesOutOfRange")]
        [InlineData(1, 1, 0, "BypassCodeValidForOutOfRange")]
        [InlineData(1, 1, 30 * 24 + 1, "BypassCodeValidForOutOfRange")]
        public void Out_of_range_arguments_are_refused_with_their_error_id(int count, int uses, int hours, string errorId)
        {
            _f.Enrol("alice");
            var e = Assert.Throws<EngineException>(() => Service.New("alice", count, TimeSpan.FromHours(hours), uses, "admin", _f.Now, new RecordingReview()));
            Assert.Equal(errorId, e.ErrorId);
            Assert.Empty(Service.List("alice"));
        }

        [Fact]
        public void An_unknown_user_is_refused_and_a_user_holds_at_most_ten_usable_codes()
        {
            Assert.Equal("RasMfaUserNotFound", Assert.Throws<EngineException>(() => Service.New("nobody", 1, TimeSpan.FromDays(1), 1, "admin", _f.Now, new RecordingReview())).ErrorId);
            _f.Enrol("alice");
            Service.New("alice", 10, TimeSpan.FromDays(1), 1, "admin", _f.Now, new RecordingReview());
            Assert.Equal("BypassCodeLimitReached", Assert.Throws<EngineException>(() => Service.New("alice", 1, TimeSpan.FromDays(1), 1, "admin", _f.Now, new RecordingReview())).ErrorId);
        }

        [Fact]
        public void WhatIf_makes_no_code()
        {
            _f.Enrol("alice");
            Assert.Null(Service.New("alice", 1, TimeSpan.FromDays(1), 1, "admin", _f.Now, new RecordingReview(approve: false)));
            Assert.Empty(Service.List("alice"));
        }

        [Fact]
        public void A_removed_user_takes_their_codes_along()
        {
            _f.Enrol("alice");
            NewCode("alice");
            _f.Store.Users.Remove("alice");
            Assert.Empty(Service.List());
        }
    }
}
