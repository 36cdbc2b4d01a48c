using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using RasMfa.Engine.Clients;
using RasMfa.Engine.Configuration;
using RasMfa.Engine.FirstFactors;
using RasMfa.Engine.Mfa;
using RasMfa.Engine.Radius;
using Xunit;

namespace RasMfa.Engine.Tests.Mfa
{
    public sealed class FirstFactorFlowTests : IDisposable
    {
        private readonly MfaFixture _f;
        private readonly FakeChecker _checker = new FakeChecker();

        public FirstFactorFlowTests()
        {
            _f = new MfaFixture(client => client.FirstFactor == FirstFactor.UpstreamRadius ? _checker : null);
            _f.Client.FirstFactor = FirstFactor.UpstreamRadius;
        }

        public void Dispose() => _f.Dispose();

        [Fact]
        public void The_right_password_opens_a_challenge_and_the_code_then_accepts_with_the_upstream_attributes()
        {
            var token = _f.Enrol("alice");
            _f.Client.PassUpstreamAttributes = true;
            var challenge = _f.Pap("alice", "Correct horse 1");
            Assert.Equal(RadiusCode.AccessChallenge, challenge.Code);
            Assert.Equal("Correct horse 1", _checker.LastPassword);
            var accept = _f.Pap("alice", _f.CodeAt(token), challenge.State);
            Assert.Equal(RadiusCode.AccessAccept, accept.Code);
            Assert.Equal("ras-users", accept.Attributes.Single(a => a.Type == RadiusAttributeType.Class).AsText());
        }

        [Fact]
        public void Upstream_attributes_stay_behind_unless_the_client_asks_for_them()
        {
            var token = _f.Enrol("alice");
            var challenge = _f.Pap("alice", "Correct horse 1");
            Assert.Empty(_f.Pap("alice", _f.CodeAt(token), challenge.State).Attributes);
        }

        [Fact]
        public void A_wrong_password_rejects_known_and_unknown_users_alike_and_counts_toward_the_lockout()
        {
            _f.Enrol("alice");
            var known = _f.Pap("alice", "wrong");
            var unknown = _f.Pap("nobody", "wrong");
            Assert.Equal(RadiusCode.AccessReject, known.Code);
            Assert.Equal(RadiusCode.AccessReject, unknown.Code);
            Assert.Equal(known.ReplyMessage, unknown.ReplyMessage);
            Assert.Equal(1, _f.Store.Users.Get("alice")!.FailedAttempts);
        }

        [Fact]
        public void A_locked_or_disabled_user_is_refused_before_the_password_leaves_the_server()
        {
            _f.Settings = new MfaSettings { LockoutThreshold = 1 };
            _f.Enrol("alice");
            _f.Pap("alice", "wrong");
            int calls = _checker.Calls;
            Assert.Equal(RadiusCode.AccessReject, _f.Pap("alice", "Correct horse 1").Code);
            Assert.Equal(calls, _checker.Calls);
            Assert.Equal(DecisionReason.Locked, _f.LastReason());
        }

        [Fact]
        public void Appended_mode_takes_the_code_from_the_end_of_the_password()
        {
            var token = _f.Enrol("alice");
            _f.Client.OtpMode = OtpMode.Appended;
            Assert.Equal(RadiusCode.AccessAccept, _f.Pap("alice", "Correct horse 1" + _f.CodeAt(token)).Code);
            Assert.Equal("Correct horse 1", _checker.LastPassword);
            Assert.Equal(RadiusCode.AccessReject, _f.Pap("alice", "Correct horse 1" + "000000").Code);
            Assert.Equal(RadiusCode.AccessReject, _f.Pap("alice", "Correct horse 1").Code);
        }

        [Fact]
        public void An_unreachable_first_factor_rejects_without_counting_a_failure()
        {
            _f.Enrol("alice");
            _checker.Unavailable = true;
            Assert.Equal(RadiusCode.AccessReject, _f.Pap("alice", "Correct horse 1").Code);
            Assert.StartsWith("first factor unavailable", _f.LastReason());
            Assert.Equal(0, _f.Store.Users.Get("alice")!.FailedAttempts);
        }

        [Fact]
        public void Chap_cannot_carry_a_password_to_the_first_factor()
        {
            _f.Enrol("alice");
            Assert.Equal(RadiusCode.AccessReject, _f.Chap("alice", "Correct horse 1").Code);
            Assert.Equal(DecisionReason.ChapWithFirstFactor, _f.LastReason());
            Assert.Equal(0, _checker.Calls);
        }

        [Fact]
        public void Without_a_user_match_a_good_password_alone_is_enough_for_unknown_users()
        {
            _f.Client.RequireUserMatch = false;
            Assert.Equal(RadiusCode.AccessAccept, _f.Pap("stranger", "Correct horse 1").Code);
            Assert.Equal(RadiusCode.AccessReject, _f.Pap("stranger", "wrong").Code);
        }

        private sealed class FakeChecker : IFirstFactorChecker
        {
            public string? LastPassword { get; private set; }
            public int Calls { get; private set; }
            public bool Unavailable { get; set; }

            public Task<FirstFactorResult> CheckAsync(string userName, byte[] password, CancellationToken cancellationToken)
            {
                Calls++;
                LastPassword = System.Text.Encoding.UTF8.GetString(password);
                if (Unavailable) return Task.FromResult(new FirstFactorResult(FirstFactorOutcome.Unavailable, "first factor unavailable: test"));
                return Task.FromResult(LastPassword == "Correct horse 1"
                    ? new FirstFactorResult(FirstFactorOutcome.Accepted, "ok", new List<RadiusAttribute> { RadiusAttribute.FromText(RadiusAttributeType.Class, "ras-users") })
                    : new FirstFactorResult(FirstFactorOutcome.Rejected, "password rejected by fake"));
            }
        }
    }
}
