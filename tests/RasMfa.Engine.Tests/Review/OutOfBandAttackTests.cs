using System;
using RasMfa.Engine.Clients;
using RasMfa.Engine.Delivery;
using RasMfa.Engine.Radius;
using RasMfa.Engine.Users;
using RasMfa.Engine.Tests.Mfa;
using RasMfa.Engine.Tests.Mfa.OutOfBand;
using Xunit;

namespace RasMfa.Engine.Tests.Review
{
    /// <summary>Review R6: what an attacker sees of the out-of-band codes and keywords.</summary>
    public sealed class OutOfBandAttackTests : IDisposable
    {
        private readonly RecordingChannels _channels = new RecordingChannels();
        private readonly MfaFixture _f;

        public OutOfBandAttackTests()
        {
            _f = new MfaFixture(channels: _channels);
            _f.Client.AllowedMethods = new[] { MethodKind.Totp, MethodKind.Hotp, MethodKind.Sms, MethodKind.Voice, MethodKind.Email };
            _f.Client.Keywords = new[] { new ClientKeyword(MethodKind.Sms, "sms"), new ClientKeyword(MethodKind.Voice, "call"), new ClientKeyword(MethodKind.Email, "email") };
        }

        public void Dispose() => _f.Dispose();

        [Fact]
        public void A_keyword_in_round_two_answers_an_unknown_name_as_it_answers_a_real_user_without_the_method()
        {
            _f.Enrol("bob");
            // "Forward username only": both get a challenge (the unknown name a decoy's), then press the SMS button.
            var real = _f.Pap("bob", "");
            var decoy = _f.Pap("nobody", "");
            Assert.Equal(RadiusCode.AccessChallenge, real.Code);
            Assert.Equal(RadiusCode.AccessChallenge, decoy.Code);
            var realAnswer = _f.Pap("bob", "sms", real.State);
            var decoyAnswer = _f.Pap("nobody", "sms", decoy.State);
            Assert.Equal(realAnswer.Code, decoyAnswer.Code);
            Assert.Equal(realAnswer.ReplyMessage, decoyAnswer.ReplyMessage);
        }

        [Fact]
        public void A_keyword_in_round_two_answers_a_locked_user_as_it_answers_a_real_user_without_the_method()
        {
            _f.Enrol("bob");
            var token = _f.Enrol("carol");
            var real = _f.Pap("bob", "");
            var locked = _f.Pap("carol", "");
            // Carol is locked by wrong codes tried elsewhere while her challenge is open.
            var wrong = _f.CodeAt(token) == "000000" ? "111111" : "000000";
            for (int i = 0; i < 50 && !_f.Store.Users.Get("carol")!.IsLockedAt(_f.Now); i++) _f.Pap("carol", wrong);
            Assert.True(_f.Store.Users.Get("carol")!.IsLockedAt(_f.Now));
            var realAnswer = _f.Pap("bob", "sms", real.State);
            var lockedAnswer = _f.Pap("carol", "sms", locked.State);
            Assert.Equal(realAnswer.Code, lockedAnswer.Code);
            Assert.Equal(realAnswer.ReplyMessage, lockedAnswer.ReplyMessage);
        }

        [Fact]
        public void A_code_sent_just_before_the_admin_rotates_the_clients_secret_still_logs_in_and_counts_no_failure()
        {
            var user = new MfaUser("alice") { PhoneNumber = "+15550100101", Methods = new[] { MethodKind.Sms } };
            _f.Store.Users.Add(user);
            var challenge = _f.Pap("alice", "sms");
            var code = _channels.LastCode(DeliveryKind.Sms);
            // Set-RasMfaClient -SharedSecret on the server and the NAS, while alice reads her SMS.
            _f.Client.SharedSecret = System.Text.Encoding.ASCII.GetBytes("rotated-shared-secret-456789");
            var answer = _f.Pap("alice", code, challenge.State);
            Assert.Equal(0, _f.Store.Users.Get("alice")!.FailedAttempts);
            Assert.Equal(RadiusCode.AccessAccept, answer.Code);
        }
    }
}
