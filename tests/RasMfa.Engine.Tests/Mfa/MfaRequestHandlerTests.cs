using System;
using System.Linq;
using RasMfa.Engine.Audit;
using RasMfa.Engine.Clients;
using RasMfa.Engine.Configuration;
using RasMfa.Engine.Mfa;
using RasMfa.Engine.Radius;
using RasMfa.Engine.Tokens;
using RasMfa.Engine.Users;
using Xunit;

namespace RasMfa.Engine.Tests.Mfa
{
    public sealed class MfaRequestHandlerTests : IDisposable
    {
        private readonly MfaFixture _f = new MfaFixture();

        public void Dispose() => _f.Dispose();

        [Fact]
        public void The_current_code_is_accepted_once_and_its_replay_rejected()
        {
            var token = _f.Enrol("alice");
            var code = _f.CodeAt(token);
            Assert.Equal(RadiusCode.AccessAccept, _f.Pap("alice", code).Code);
            Assert.Equal(RadiusCode.AccessReject, _f.Pap("alice", code).Code);
            Assert.Equal(DecisionReason.ReplayedCode, _f.LastReason());
        }

        [Fact]
        public void The_replay_guard_survives_a_new_store_instance_and_older_steps_stay_refused()
        {
            var token = _f.Enrol("alice");
            var current = _f.CodeAt(token);
            var previous = _f.CodeAt(token, -1);
            Assert.Equal(RadiusCode.AccessAccept, _f.Pap("alice", current).Code);
            var reopened = new RasMfa.Engine.Storage.SqliteStore(_f.Store.Location);
            Assert.Equal(OtpCalculator.TimeStep(_f.Now, 30), reopened.Tokens.GetBySerial(token.Serial)!.LastUsedStep);
            Assert.Equal(RadiusCode.AccessReject, _f.Pap("alice", previous).Code);
        }

        [Fact]
        public void A_code_two_steps_old_is_rejected_as_wrong()
        {
            var token = _f.Enrol("alice");
            Assert.Equal(RadiusCode.AccessReject, _f.Pap("alice", _f.CodeAt(token, -2)).Code);
            Assert.Equal(DecisionReason.WrongCode, _f.LastReason());
        }

        [Fact]
        public void An_empty_password_gets_a_challenge_whose_state_brings_the_code_home_once()
        {
            var token = _f.Enrol("alice");
            var challenge = _f.Pap("alice", "");
            Assert.Equal(RadiusCode.AccessChallenge, challenge.Code);
            Assert.Equal(MfaSettings.StandardPrompt, challenge.ReplyMessage);
            Assert.Equal(16, challenge.State!.Length);
            Assert.Equal(RadiusCode.AccessAccept, _f.Pap("alice", _f.CodeAt(token), challenge.State).Code);
            Assert.Equal(RadiusCode.AccessReject, _f.Pap("alice", _f.CodeAt(token, 1), challenge.State).Code);
            Assert.Equal(DecisionReason.UnknownState, _f.LastReason());
        }

        [Fact]
        public void The_client_prompt_replaces_the_default()
        {
            _f.Enrol("alice");
            _f.Client.Prompt = "Code from the RasMfa app";
            Assert.Equal("Code from the RasMfa app", _f.Pap("alice", "").ReplyMessage);
        }

        [Fact]
        public void An_expired_state_or_one_from_another_client_or_user_is_rejected()
        {
            var token = _f.Enrol("alice");
            _f.Enrol("bob");
            var expired = _f.Pap("alice", "").State!;
            _f.Now = _f.Now.AddSeconds(121);
            Assert.Equal(RadiusCode.AccessReject, _f.Pap("alice", _f.CodeAt(token), expired).Code);
            Assert.Equal(DecisionReason.ExpiredState, _f.LastReason());

            var other = new RadiusClientDefinition("vpn", IpNetwork.Parse("198.51.100.0/24"), MfaFixture.Secret);
            var foreign = _f.Pap("alice", "").State!;
            Assert.Equal(RadiusCode.AccessReject, _f.Pap("alice", _f.CodeAt(token), foreign, other).Code);
            Assert.Equal(DecisionReason.ForeignState, _f.LastReason());

            var bobs = _f.Pap("bob", "").State!;
            Assert.Equal(RadiusCode.AccessReject, _f.Pap("alice", _f.CodeAt(token), bobs).Code);
            Assert.Equal(DecisionReason.ForeignState, _f.LastReason());
        }

        [Fact]
        public void A_wrong_code_in_the_second_round_may_be_retried_up_to_the_limit()
        {
            var token = _f.Enrol("alice");
            var state = _f.Pap("alice", "").State!;
            var retry = _f.Pap("alice", "000000", state);
            Assert.Equal(RadiusCode.AccessChallenge, retry.Code);
            Assert.StartsWith("Wrong code.", retry.ReplyMessage);
            Assert.NotEqual(state, retry.State);
            var last = _f.Pap("alice", "000001", retry.State);
            Assert.Equal(RadiusCode.AccessChallenge, last.Code);
            Assert.Equal(RadiusCode.AccessReject, _f.Pap("alice", "000002", last.State).Code);
            Assert.Equal(3, _f.Store.Users.Get("alice")!.FailedAttempts);
        }

        [Fact]
        public void Lockout_trips_at_the_threshold_refuses_even_the_right_code_and_unlock_clears_it()
        {
            _f.Settings = new MfaSettings { LockoutThreshold = 3, LockoutMinutes = 15 };
            var token = _f.Enrol("alice");
            for (int i = 0; i < 2; i++) _f.Pap("alice", "999999");
            Assert.Equal(RadiusCode.AccessReject, _f.Pap("alice", "999998").Code);
            Assert.Equal(DecisionReason.NowLocked, _f.LastReason());
            Assert.Equal(RadiusCode.AccessReject, _f.Pap("alice", _f.CodeAt(token)).Code);
            Assert.Equal(DecisionReason.Locked, _f.LastReason());
            var user = _f.Store.Users.Get("alice")!;
            _f.Store.Users.Unlock(user.Id);
            Assert.Equal(RadiusCode.AccessAccept, _f.Pap("alice", _f.CodeAt(token)).Code);
            Assert.Equal(0, _f.Store.Users.Get("alice")!.FailedAttempts);
        }

        [Fact]
        public void After_the_lock_expires_the_count_stands_so_one_more_failure_locks_again()
        {
            _f.Settings = new MfaSettings { LockoutThreshold = 2, LockoutMinutes = 1 };
            var token = _f.Enrol("alice");
            _f.Pap("alice", "111111");
            _f.Pap("alice", "111112");
            _f.Now = _f.Now.AddMinutes(2);
            Assert.Equal(RadiusCode.AccessReject, _f.Pap("alice", "111113").Code);
            Assert.Equal(DecisionReason.NowLocked, _f.LastReason());
        }

        [Fact]
        public void A_code_sent_with_chap_is_checked_against_the_candidates()
        {
            var token = _f.Enrol("alice");
            Assert.Equal(RadiusCode.AccessReject, _f.Chap("alice", "123456").Code);
            Assert.Equal(RadiusCode.AccessAccept, _f.Chap("alice", _f.CodeAt(token, 1)).Code);
            Assert.Equal("TOTP/CHAP", _f.Store.AuditLog.Query(new AuthenticationLogQuery { Last = 1 })[0].Method);
            Assert.Equal(RadiusCode.AccessChallenge, _f.Chap("alice", "").Code);
        }

        [Fact]
        public void Hotp_tokens_advance_and_refuse_a_used_counter()
        {
            var token = _f.Enrol("carol", OtpTokenType.Hotp);
            var code = OtpCalculator.Hotp(token, 3);
            Assert.Equal(RadiusCode.AccessAccept, _f.Pap("carol", code).Code);
            Assert.Equal(4, _f.Store.Tokens.GetBySerial(token.Serial)!.Counter);
            Assert.Equal(RadiusCode.AccessReject, _f.Pap("carol", code).Code);
        }

        [Fact]
        public void Unknown_and_unenrolled_users_are_rejected_unless_the_client_allows_them()
        {
            _f.Store.Users.Add(new MfaUser("dave"));
            Assert.Equal(RadiusCode.AccessReject, _f.Pap("nobody", "123456").Code);
            Assert.Equal(DecisionReason.UnknownUser, _f.LastReason());
            Assert.Equal(RadiusCode.AccessReject, _f.Pap("dave", "123456").Code);
            Assert.Equal(DecisionReason.NotEnrolled, _f.LastReason());
            _f.Client.RequireUserMatch = false;
            Assert.Equal(RadiusCode.AccessAccept, _f.Pap("nobody", "").Code);
            Assert.Equal(DecisionReason.UnknownUserAllowed, _f.LastReason());
            Assert.Equal(RadiusCode.AccessAccept, _f.Pap("dave", "x").Code);
            Assert.Equal(DecisionReason.NotEnrolledAllowed, _f.LastReason());
        }

        [Fact]
        public void Disabled_users_are_rejected_even_where_unknown_users_are_allowed()
        {
            var token = _f.Enrol("erin");
            var user = _f.Store.Users.Get("erin")!;
            user.Enabled = false;
            _f.Store.Users.Update(user);
            _f.Client.RequireUserMatch = false;
            Assert.Equal(RadiusCode.AccessReject, _f.Pap("erin", _f.CodeAt(token)).Code);
            Assert.Equal(DecisionReason.Disabled, _f.LastReason());
        }

        [Fact]
        public void Asking_for_a_code_does_not_tell_whether_the_user_exists()
        {
            var challenge = _f.Pap("nobody", "");
            Assert.Equal(RadiusCode.AccessChallenge, challenge.Code);
            Assert.Equal(MfaSettings.StandardPrompt, challenge.ReplyMessage);
            var again = _f.Pap("nobody", "123456", challenge.State);
            Assert.Equal(RadiusCode.AccessChallenge, again.Code);
            Assert.StartsWith("Wrong code.", again.ReplyMessage);
            Assert.StartsWith(DecisionReason.UnknownUser, _f.LastReason());
        }

        [Fact]
        public void The_second_round_may_write_the_same_user_another_way()
        {
            var token = _f.Enrol("alice");
            var state = _f.Pap("CORP\\alice", "").State;
            Assert.Equal(RadiusCode.AccessAccept, _f.Pap("alice@corp.example", _f.CodeAt(token), state).Code);
        }

        [Theory]
        [InlineData("CORP\\alice")]
        [InlineData("alice@corp.example")]
        [InlineData("ALICE")]
        public void Qualified_names_find_a_bare_stored_name(string requested)
        {
            var token = _f.Enrol("alice");
            Assert.Equal(RadiusCode.AccessAccept, _f.Pap(requested, _f.CodeAt(token)).Code);
        }

        [Fact]
        public void A_domain_name_finds_the_one_user_stored_by_upn()
        {
            var token = _f.Enrol("grace@corp.example");
            Assert.Equal(RadiusCode.AccessAccept, _f.Pap("CORP\\grace", _f.CodeAt(token)).Code);
        }

        [Fact]
        public void A_bare_name_finds_one_qualified_stored_name_but_not_among_several()
        {
            var token = _f.Enrol("frank@corp.example");
            Assert.Equal(RadiusCode.AccessAccept, _f.Pap("frank", _f.CodeAt(token)).Code);
            _f.Enrol("CORP\\frank");
            Assert.Equal(RadiusCode.AccessReject, _f.Pap("frank", _f.CodeAt(token, 1)).Code);
            Assert.Equal(DecisionReason.AmbiguousUserName, _f.LastReason());
        }

        [Fact]
        public void Every_decision_is_audited_and_no_code_ever_appears_in_the_log()
        {
            var token = _f.Enrol("alice");
            var code = _f.CodeAt(token);
            _f.Pap("alice", "");
            _f.Pap("alice", code);
            _f.Pap("alice", code);
            _f.Pap("alice", "654321");
            var records = _f.Store.AuditLog.Query(new AuthenticationLogQuery { UserName = "ali*" });
            Assert.Equal(new[] { "Challenge", "Accept", "Reject", "Reject" }, records.Select(r => r.Result).ToArray());
            Assert.All(records, r => Assert.Equal("ras", r.ClientName));
            Assert.All(records, r => Assert.Equal("192.0.2.10", r.ClientAddress));
            var everything = string.Join("|", records.Select(r => $"{r.UserName} {r.Reason} {r.Method}"));
            Assert.DoesNotContain(code, everything);
            Assert.DoesNotContain("654321", everything);
            Assert.Equal(2, _f.Store.AuditLog.Query(new AuthenticationLogQuery { Result = "reject" }).Count);
            Assert.Single(_f.Store.AuditLog.Query(new AuthenticationLogQuery { Last = 1 }));
        }
    }
}
