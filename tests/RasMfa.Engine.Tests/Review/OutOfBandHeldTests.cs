using System;
using RasMfa.Engine.Clients;
using RasMfa.Engine.Delivery;
using RasMfa.Engine.Mfa.OutOfBand;
using RasMfa.Engine.Radius;
using RasMfa.Engine.Users;
using RasMfa.Engine.Tests.Mfa;
using RasMfa.Engine.Tests.Mfa.OutOfBand;
using Xunit;

namespace RasMfa.Engine.Tests.Review
{
    /// <summary>Review R6: attacks on sent codes that held (kept so that they keep holding).</summary>
    public sealed class OutOfBandHeldTests : IDisposable
    {
        private readonly RecordingChannels _channels = new RecordingChannels();
        private readonly MfaFixture _f;

        public OutOfBandHeldTests()
        {
            _f = new MfaFixture(channels: _channels);
            _f.Client.AllowedMethods = new[] { MethodKind.Totp, MethodKind.Sms };
            _f.Client.Keywords = new[] { new ClientKeyword(MethodKind.Sms, "sms") };
            _f.Store.Users.Add(new MfaUser("alice") { PhoneNumber = "+15550100101", Methods = new[] { MethodKind.Sms } });
            _f.Store.Users.Add(new MfaUser("bob") { PhoneNumber = "+15550100102", Methods = new[] { MethodKind.Sms } });
        }

        public void Dispose() => _f.Dispose();

        [Fact]
        public void Case_and_width_variants_of_a_name_share_the_users_send_limit()
        {
            foreach (var name in new[] { "alice", "ALICE", "\uFF41\uFF4C\uFF49\uFF43\uFF45" }) Assert.Equal(RadiusCode.AccessChallenge, _f.Pap(name, "sms").Code);
            Assert.Equal(OutOfBandMethod.WaitMessage, _f.Pap("Alice", "sms").ReplyMessage);
            Assert.Equal(3, _channels.Sent.Count);
        }

        [Fact]
        public void Alices_sent_code_with_her_State_logs_in_neither_bob_nor_at_another_client_sharing_the_secret()
        {
            var challenge = _f.Pap("alice", "sms");
            var code = _channels.LastCode(DeliveryKind.Sms);
            var other = new RadiusClientDefinition("vpn", _f.Client.Address, MfaFixture.Secret) { AllowedMethods = _f.Client.AllowedMethods, Keywords = _f.Client.Keywords };
            Assert.NotEqual(RadiusCode.AccessAccept, _f.Pap("alice", code, challenge.State, client: other).Code);
            Assert.NotEqual(RadiusCode.AccessAccept, _f.Pap("bob", code, challenge.State).Code);
            var bobs = _f.Pap("bob", "sms");
            Assert.NotEqual(RadiusCode.AccessAccept, _f.Pap("bob", code, bobs.State).Code);
        }

        [Fact]
        public void A_sent_code_appended_to_nothing_or_typed_in_a_fresh_first_round_or_twice_never_logs_in()
        {
            var challenge = _f.Pap("alice", "sms");
            var code = _channels.LastCode(DeliveryKind.Sms);
            Assert.Equal(RadiusCode.AccessReject, _f.Pap("alice", code).Code);
            var again = _f.Pap("alice", "sms");
            var second = _channels.LastCode(DeliveryKind.Sms);
            // The first challenge's code in the second challenge.
            if (second != code) Assert.NotEqual(RadiusCode.AccessAccept, _f.Pap("alice", code, again.State).Code);
        }

        [Fact]
        public void Fresh_challenges_by_keyword_do_not_lift_the_lockout_bound_on_guessing_sent_codes()
        {
            _f.Settings = new RasMfa.Engine.Configuration.MfaSettings { SendLimitPerUser = 100 };
            int guesses = 0;
            for (int round = 0; round < 20 && !_f.Store.Users.Get("alice")!.IsLockedAt(_f.Now); round++)
            {
                var challenge = _f.Pap("alice", "sms");
                var state = challenge.State;
                var code = _channels.LastCode(DeliveryKind.Sms);
                var wrong = code == "000000" ? "111111" : "000000";
                for (int i = 0; i < _f.Settings.ChallengeMaxAttempts && state != null && !_f.Store.Users.Get("alice")!.IsLockedAt(_f.Now); i++)
                {
                    var answer = _f.Pap("alice", wrong, state);
                    guesses++;
                    state = answer.State;
                }
                _f.Now += TimeSpan.FromMinutes(1);
            }
            Assert.True(_f.Store.Users.Get("alice")!.IsLockedAt(_f.Now));
            Assert.Equal(_f.Settings.LockoutThreshold, guesses);
        }

        [Fact]
        public void A_keyword_under_another_name_in_alices_challenge_sends_bob_nothing_and_logs_in_no_one_but_alice()
        {
            var prompt = _f.Pap("alice", "");
            var switched = _f.Pap("bob", "sms", prompt.State);
            Assert.DoesNotContain(_channels.Sent, m => m.Recipient == "+15550100102");
            if (switched.Code == RadiusCode.AccessChallenge && _channels.Sent.Count > 0)
                Assert.NotEqual(RadiusCode.AccessAccept, _f.Pap("bob", _channels.LastCode(DeliveryKind.Sms), switched.State).Code);
        }

        [Fact]
        public void A_removed_users_open_challenge_does_not_log_in_the_next_user_given_their_SQLite_id()
        {
            _f.Store.Users.Add(new MfaUser("carol") { PhoneNumber = "+15550100103", Methods = new[] { MethodKind.Sms } });
            var challenge = _f.Pap("carol", "sms");
            var code = _channels.LastCode(DeliveryKind.Sms);
            var carolsId = _f.Store.Users.Get("carol")!.Id;
            // Carol leaves; a new hire is added a minute later, while carol's challenge is still open.
            _f.Store.Users.Remove("carol");
            _f.Store.Users.Add(new MfaUser("mallory") { PhoneNumber = "+15550100104", Methods = new[] { MethodKind.Sms } });
            Assert.Equal(carolsId, _f.Store.Users.Get("mallory")!.Id);
            _f.Now += TimeSpan.FromMinutes(1);
            Assert.NotEqual(RadiusCode.AccessAccept, _f.Pap("carol", code, challenge.State).Code);
        }
    }
}
