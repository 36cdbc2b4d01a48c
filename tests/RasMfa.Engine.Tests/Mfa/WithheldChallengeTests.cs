using System;
using System.Threading.Tasks;
using Microsoft.Extensions.Logging.Abstractions;
using RasMfa.Engine.Configuration;
using RasMfa.Engine.Mfa;
using RasMfa.Engine.Radius;
using RasMfa.Engine.Radius.Server;
using Xunit;

namespace RasMfa.Engine.Tests.Mfa
{
    /// <summary>
    /// With StoreUnavailableAnswer Silence, a second round the store could not record goes unanswered, and the RADIUS client
    /// sends the same request again. That retransmission must find its challenge as it was, not "unknown State": the user's
    /// code still gets in once the store is back, and a decoy's round is answered as a real user's wrong code is.
    /// </summary>
    public sealed class WithheldChallengeTests : IDisposable
    {
        private readonly MfaFixture _f = new MfaFixture();
        private readonly SwitchableLoginStore _logins;
        private readonly MfaRequestHandler _handler;
        private readonly RasMfa.Engine.Tokens.OtpToken _token;

        public WithheldChallengeTests()
        {
            _f.Settings = new MfaSettings { StoreUnavailableAnswer = StoreUnavailableAnswer.Silence };
            _token = _f.Enrol("alice");
            _logins = new SwitchableLoginStore(_f.Store.Logins);
            _handler = new MfaRequestHandler(_logins, () => _f.Settings, _f.Challenges, NullLogger.Instance, () => _f.Now);
        }

        public void Dispose() => _f.Dispose();

        /// <summary>The second round, first while the store cannot record it (withheld), then retransmitted once it can.</summary>
        private async Task<AccessDecision> SecondRoundRetransmitted(string userName, string code)
        {
            var challenge = await _f.PapAsync(userName, "", handler: _handler);
            Assert.Equal(RadiusCode.AccessChallenge, challenge.Code);
            _logins.Unavailable = true;
            await Assert.ThrowsAsync<AnswerWithheldException>(() => _f.PapAsync(userName, code, challenge.State, handler: _handler));
            _logins.Unavailable = false;
            return await _f.PapAsync(userName, code, challenge.State, handler: _handler);
        }

        [Fact]
        public async Task A_second_round_withheld_while_the_store_was_unavailable_is_accepted_when_the_client_sends_it_again()
        {
            var answer = await SecondRoundRetransmitted("alice", _f.CodeAt(_token));
            Assert.Equal(RadiusCode.AccessAccept, answer.Code);
        }

        [Fact]
        public async Task A_decoys_second_round_withheld_is_answered_on_retransmission_as_an_enrolled_users_wrong_code()
        {
            var enrolled = await SecondRoundRetransmitted("alice", "000000");
            var unknown = await SecondRoundRetransmitted("mallory", "000000");
            Assert.Equal(RadiusCode.AccessChallenge, enrolled.Code); // "Wrong code", asked again
            Assert.Equal(enrolled.Code, unknown.Code);
            Assert.Equal(enrolled.ReplyMessage, unknown.ReplyMessage);
        }
    }
}
