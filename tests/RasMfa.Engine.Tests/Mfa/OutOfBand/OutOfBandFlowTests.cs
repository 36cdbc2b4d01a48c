using System;
using System.Linq;
using RasMfa.Engine.Clients;
using RasMfa.Engine.Delivery;
using RasMfa.Engine.Mfa.Methods;
using RasMfa.Engine.Mfa.OutOfBand;
using RasMfa.Engine.Radius;
using RasMfa.Engine.Users;
using Xunit;

namespace RasMfa.Engine.Tests.Mfa.OutOfBand
{
    /// <summary>RAS flow 3, "Keyword": the password is an automation command, the code goes out of band, and round two proves it.</summary>
    public sealed class OutOfBandFlowTests : IDisposable
    {
        private readonly RecordingChannels _channels = new RecordingChannels();
        private readonly MfaFixture _f;

        public OutOfBandFlowTests()
        {
            _f = new MfaFixture(channels: _channels);
            _f.Client.AllowedMethods = new[] { MethodKind.Totp, MethodKind.Hotp, MethodKind.Sms, MethodKind.Voice, MethodKind.Email };
            _f.Client.Keywords = new[] { new ClientKeyword(MethodKind.Sms, "sms"), new ClientKeyword(MethodKind.Voice, "call"), new ClientKeyword(MethodKind.Email, "email") };
        }

        public void Dispose() => _f.Dispose();

        private MfaUser AddUser(string name, params MethodKind[] methods)
        {
            var user = new MfaUser(name) { PhoneNumber = "+1 555 010 0101", Email = "alice@corp.example", Methods = methods };
            _f.Store.Users.Add(user);
            return user;
        }

        [Fact]
        public void A_keyword_sends_a_code_by_SMS_whose_prompt_names_the_masked_number_and_the_code_logs_in_once()
        {
            AddUser("alice", MethodKind.Sms);
            var challenge = _f.Pap("alice", "  SMS ");
            Assert.Equal(RadiusCode.AccessChallenge, challenge.Code);
            Assert.Equal("Enter the code sent to +1\u2022\u2022\u2022\u2022\u20220101", challenge.ReplyMessage);
            var sent = Assert.Single(_channels[DeliveryKind.Sms].Sent);
            Assert.Equal("+15550100101", sent.Recipient);
            var code = _channels.LastCode(DeliveryKind.Sms);
            Assert.Matches("^[0-9]{6}$", code);
            var accepted = _f.Pap("alice", code, challenge.State);
            Assert.Equal(RadiusCode.AccessAccept, accepted.Code);
            Assert.Equal("SMS/PAP", _f.Store.AuditLog.Query(new Audit.AuthenticationLogQuery { Last = 1 })[0].Method);
            // Single use: the challenge was spent by the Accept's write.
            Assert.Equal(RadiusCode.AccessReject, _f.Pap("alice", code, challenge.State).Code);
        }

        [Fact]
        public void The_challenge_data_holds_no_code_and_the_code_matches_only_within_its_challenge()
        {
            AddUser("alice", MethodKind.Sms);
            var challenge = _f.Pap("alice", "sms");
            var code = _channels.LastCode(DeliveryKind.Sms);
            var stored = _f.Store.Logins.FindChallenge(challenge.State!)!;
            Assert.Equal("SMS", stored.MethodName);
            Assert.DoesNotContain(code, stored.MethodData);
            // Typed in a code-only first round, the sent code is no code at all.
            Assert.Equal(RadiusCode.AccessReject, _f.Pap("alice", code).Code);
            Assert.Equal("wrong code", _f.LastReason());
        }

        [Fact]
        public void A_wrong_code_asks_again_and_the_sent_code_still_works_in_the_next_round()
        {
            AddUser("alice", MethodKind.Sms);
            var challenge = _f.Pap("alice", "sms");
            var code = _channels.LastCode(DeliveryKind.Sms);
            var again = _f.Pap("alice", code == "000000" ? "111111" : "000000", challenge.State);
            Assert.Equal(RadiusCode.AccessChallenge, again.Code);
            Assert.Equal(RadiusCode.AccessAccept, _f.Pap("alice", code, again.State).Code);
            Assert.Single(_channels.Sent);
        }

        [Fact]
        public void The_challenge_lives_as_long_as_the_code_and_the_code_expires_on_time()
        {
            AddUser("alice", MethodKind.Sms);
            var challenge = _f.Pap("alice", "sms");
            var code = _channels.LastCode(DeliveryKind.Sms);
            // Past ChallengeLifetimeSeconds (120) but within the code's 300 s: still good.
            _f.Now += TimeSpan.FromSeconds(200);
            Assert.Equal(RadiusCode.AccessAccept, _f.Pap("alice", code, challenge.State).Code);

            // A challenge that outlives the code: the code, past its 300 s, is a wrong code.
            _f.Settings = new RasMfa.Engine.Configuration.MfaSettings { ChallengeLifetimeSeconds = 900 };
            var second = _f.Pap("alice", "sms");
            var secondCode = _channels.LastCode(DeliveryKind.Sms);
            _f.Now += TimeSpan.FromSeconds(301);
            Assert.Equal(RadiusCode.AccessChallenge, _f.Pap("alice", secondCode, second.State).Code);
            Assert.Equal("wrong code, asked again", _f.LastReason());
        }

        [Fact]
        public void A_call_reads_the_code_digit_by_digit_twice_and_an_email_names_the_masked_address()
        {
            AddUser("alice", MethodKind.Voice, MethodKind.Email);
            var call = _f.Pap("alice", "CALL");
            Assert.Equal(RadiusCode.AccessChallenge, call.Code);
            var text = _channels[DeliveryKind.Voice].Sent.Single().Text;
            var code = RecordingChannels.CodeIn(text);
            Assert.Matches("^[0-9]{6,8}$", code);
            // What every voice channel reads out of the message (the gateway's and Twilio's tests show they do).
            var said = SpokenText.AsOneText(text);
            var spoken = string.Join(", ", code.ToCharArray());
            Assert.Equal(2, said.Split(new[] { spoken }, StringSplitOptions.None).Length - 1);
            var mail = _f.Pap("alice", "email");
            Assert.Equal("Enter the code sent to a\u2022\u2022\u2022@corp.example", mail.ReplyMessage);
            Assert.Equal("alice@corp.example", _channels[DeliveryKind.Email].Sent.Single().Recipient);
        }

        [Fact]
        public void A_keyword_in_round_two_sends_the_code_and_switches_the_challenge_to_that_method()
        {
            AddUser("alice", MethodKind.Sms);
            var prompt = _f.Pap("alice", "");
            Assert.Equal(RadiusCode.AccessChallenge, prompt.Code);
            Assert.Empty(_channels.Sent);
            var sms = _f.Pap("alice", "sms", prompt.State);
            Assert.Equal(RadiusCode.AccessChallenge, sms.Code);
            Assert.StartsWith("Enter the code sent to", sms.ReplyMessage);
            // The first State was spent by the keyword's round.
            Assert.Equal(RadiusCode.AccessReject, _f.Pap("alice", _channels.LastCode(DeliveryKind.Sms), prompt.State).Code);
            var resent = _f.Pap("alice", "sms", sms.State);
            Assert.Equal(2, _channels.Sent.Count);
            Assert.Equal(RadiusCode.AccessAccept, _f.Pap("alice", _channels.LastCode(DeliveryKind.Sms), resent.State).Code);
        }

        [Fact]
        public void An_empty_password_asks_for_a_code_or_with_StartDefault_sends_the_default_method_at_once()
        {
            var user = AddUser("alice", MethodKind.Sms, MethodKind.Email);
            user.DefaultMethod = MethodKind.Email;
            _f.Store.Users.Update(user);
            var asked = _f.Pap("alice", "");
            Assert.Equal(_f.Settings.DefaultPrompt, asked.ReplyMessage);
            Assert.Empty(_channels.Sent);

            _f.Client.EmptyPasswordAction = EmptyPasswordAction.StartDefault;
            var sent = _f.Pap("alice", "");
            Assert.Equal("Enter the code sent to a\u2022\u2022\u2022@corp.example", sent.ReplyMessage);
            Assert.Equal(RadiusCode.AccessAccept, _f.Pap("alice", _channels.LastCode(DeliveryKind.Email), sent.State).Code);
        }

        [Fact]
        public void A_keyword_for_a_method_the_client_does_not_allow_or_no_provider_sends_is_refused_plainly_and_sends_nothing()
        {
            AddUser("alice", MethodKind.Sms, MethodKind.Email);
            _f.Client.AllowedMethods = new[] { MethodKind.Totp, MethodKind.Email };
            var refused = _f.Pap("alice", "sms");
            Assert.Equal(RadiusCode.AccessReject, refused.Code);
            Assert.Equal("SMS is not allowed here. Use another method.", refused.ReplyMessage);
            Assert.Contains("which the client does not allow", _f.LastReason());

            using var noMail = new MfaFixture(channels: new RecordingChannels(DeliveryKind.Sms));
            noMail.Client.AllowedMethods = _f.Client.AllowedMethods;
            noMail.Client.Keywords = _f.Client.Keywords;
            var unconfigured = noMail.Pap("alice", "email");
            Assert.Equal("E-mail is not available on this server. Use another method.", unconfigured.ReplyMessage);
            Assert.Contains("no e-mail provider is configured", noMail.LastReason());
            Assert.Empty(_channels.Sent);
        }

        [Fact]
        public void Unknown_names_and_users_without_the_method_get_the_same_answer_and_a_keyword_is_never_tried_as_a_code()
        {
            var token = _f.Enrol("bob");
            AddUser("carol", MethodKind.Email);
            var unknown = _f.Pap("nobody", "sms");
            var tokenOnly = _f.Pap("bob", "sms");
            var otherMethod = _f.Pap("carol", "sms");
            foreach (var answer in new[] { unknown, tokenOnly, otherMethod })
            {
                Assert.Equal(RadiusCode.AccessReject, answer.Code);
                Assert.Equal("SMS is not available for this account.", answer.ReplyMessage);
            }
            Assert.Equal(0, _f.Store.Users.Get("bob")!.FailedAttempts);
            Assert.Empty(_channels.Sent);
        }

        [Fact]
        public void A_failed_delivery_is_told_plainly_its_failure_is_audited_and_no_code_is_left_usable()
        {
            AddUser("alice", MethodKind.Sms);
            _channels[DeliveryKind.Sms].Failure = "the gateway answered 503";
            var refused = _f.Pap("alice", "sms");
            Assert.Equal(RadiusCode.AccessReject, refused.Code);
            Assert.StartsWith("The SMS could not be sent.", refused.ReplyMessage);
            Assert.Equal("code not sent: SMS delivery failed: the gateway answered 503", _f.LastReason());
            Assert.Null(refused.State);
            Assert.Equal(0, _f.Store.Logins.CountChallenges(_f.Now).Total);
        }

        [Fact]
        public void The_fourth_SMS_within_ten_minutes_is_not_sent_and_the_user_is_told_to_wait()
        {
            AddUser("alice", MethodKind.Sms, MethodKind.Email);
            for (int i = 0; i < 3; i++) Assert.Equal(RadiusCode.AccessChallenge, _f.Pap("alice", "sms").Code);
            var refused = _f.Pap("alice", "sms");
            Assert.Equal(RadiusCode.AccessReject, refused.Code);
            Assert.Equal(OutOfBandMethod.WaitMessage, refused.ReplyMessage);
            Assert.Contains("3 SMS codes per 10 minutes for the user", _f.LastReason());
            Assert.Equal(3, _channels[DeliveryKind.Sms].Sent.Count);
            // Per method: the e-mail still goes.
            Assert.Equal(RadiusCode.AccessChallenge, _f.Pap("alice", "email").Code);
            _f.Now += TimeSpan.FromMinutes(10);
            Assert.Equal(RadiusCode.AccessChallenge, _f.Pap("alice", "sms").Code);
        }

        [Fact]
        public void The_client_and_global_limits_stop_sends_to_many_users()
        {
            _f.Settings = new RasMfa.Engine.Configuration.MfaSettings { SendLimitPerClientPerMinute = 2, SendLimitGlobalPerMinute = 3 };
            for (int i = 0; i < 4; i++) AddUser("user" + i, MethodKind.Sms);
            Assert.Equal(RadiusCode.AccessChallenge, _f.Pap("user0", "sms").Code);
            Assert.Equal(RadiusCode.AccessChallenge, _f.Pap("user1", "sms").Code);
            Assert.Equal(OutOfBandMethod.WaitMessage, _f.Pap("user2", "sms").ReplyMessage);
            Assert.Contains("codes per minute for the client", _f.LastReason());
            var other = new RadiusClientDefinition("vpn", _f.Client.Address, MfaFixture.Secret) { AllowedMethods = _f.Client.AllowedMethods, Keywords = _f.Client.Keywords };
            Assert.Equal(RadiusCode.AccessChallenge, _f.Pap("user2", "sms", client: other).Code);
            Assert.Equal(OutOfBandMethod.WaitMessage, _f.Pap("user3", "sms", client: other).ReplyMessage);
            Assert.Contains("codes per minute over all clients", _f.LastReason());
            Assert.Equal(3, _channels.Sent.Count);
        }

        [Fact]
        public void A_user_with_a_token_and_SMS_as_default_gets_the_SMS_after_the_password_of_a_client_that_checks_it()
        {
            var checker = new RecordingChecker();
            using var f = new MfaFixture(client => checker, channels: _channels);
            f.Client.FirstFactor = FirstFactor.UpstreamRadius;
            f.Client.AllowedMethods = _f.Client.AllowedMethods;
            f.Enrol("alice");
            var alice = f.Store.Users.Get("alice")!;
            alice.PhoneNumber = "+15550100101";
            alice.Methods = new[] { MethodKind.Sms };
            alice.DefaultMethod = MethodKind.Sms;
            f.Store.Users.Update(alice);
            var challenge = f.Pap("alice", "Correct horse 1");
            Assert.Equal(RadiusCode.AccessChallenge, challenge.Code);
            Assert.StartsWith("Enter the code sent to", challenge.ReplyMessage);
            Assert.Equal(RadiusCode.AccessAccept, f.Pap("alice", _channels.LastCode(DeliveryKind.Sms), challenge.State).Code);
        }

        [Fact]
        public void A_keyword_sent_with_CHAP_starts_the_method_but_a_sent_code_needs_PAP()
        {
            AddUser("alice", MethodKind.Sms);
            var challenge = _f.Chap("alice", "SMS");
            Assert.Equal(RadiusCode.AccessChallenge, challenge.Code);
            // Only the code's hash is kept, and CHAP carries only a hash of its own: the code cannot be proved so.
            Assert.Equal(RadiusCode.AccessChallenge, _f.Chap("alice", _channels.LastCode(DeliveryKind.Sms), challenge.State).Code);
            Assert.Equal("wrong code, asked again", _f.LastReason());
        }

        [Fact]
        public void A_default_method_without_a_provider_gives_way_to_the_users_token_after_the_password()
        {
            var checker = new RecordingChecker();
            using var f = new MfaFixture(client => checker, channels: new RecordingChannels(DeliveryKind.Email));
            f.Client.FirstFactor = FirstFactor.UpstreamRadius;
            f.Client.AllowedMethods = _f.Client.AllowedMethods;
            var token = f.Enrol("alice");
            var alice = f.Store.Users.Get("alice")!;
            alice.PhoneNumber = "+15550100101";
            alice.Methods = new[] { MethodKind.Sms };
            alice.DefaultMethod = MethodKind.Sms;
            f.Store.Users.Update(alice);
            var challenge = f.Pap("alice", "Correct horse 1");
            Assert.Equal(f.Settings.DefaultPrompt, challenge.ReplyMessage);
            Assert.Equal(RadiusCode.AccessAccept, f.Pap("alice", f.CodeAt(token), challenge.State).Code);
        }
    }
}
