using System.Linq;
using System.Threading.Tasks;
using RasMfa.Engine.Clients;
using RasMfa.Engine.Delivery;
using RasMfa.Engine.Mfa.Methods;
using RasMfa.Engine.Mfa.OutOfBand;
using RasMfa.Engine.Radius;
using RasMfa.Engine.Storage;
using RasMfa.Engine.Tests.Storage;
using RasMfa.Engine.Users;
using Xunit;

namespace RasMfa.Engine.Tests.Cluster
{
    /// <summary>
    /// RAS retransmits a keyword's request while the user reads the phone, and an active-active pair receives every request
    /// twice: exactly one SMS goes out, and every copy gets the same challenge. The send limits are the store's, shared by both servers.
    /// </summary>
    public sealed class OutOfBandSendOnceTests : TwoServersTests
    {
        private void Setup(StoreKind kind)
        {
            _s = new TwoServers(kind);
            _s.Client.AllowedMethods = new[] { MethodKind.Totp, MethodKind.Sms };
            _s.Client.Keywords = new[] { new ClientKeyword(MethodKind.Sms, "sms") };
            _s.Store.Users.Add(new MfaUser("alice") { PhoneNumber = "+15550100101", Methods = new[] { MethodKind.Sms } });
        }

        [Theory, ClassData(typeof(BothStores))]
        public async Task A_keyword_sent_to_both_servers_at_once_sends_one_SMS_and_both_answer_the_same_challenge(StoreKind kind)
        {
            Setup(kind);
            var request = _s.Request("alice", "sms");
            var (a, b) = await _s.SendToBoth(request);
            Assert.Single(_s.Channels[DeliveryKind.Sms].Sent);
            Assert.Equal(RadiusCode.AccessChallenge, a.Code);
            Assert.Equal(a.State, b.State);
            Assert.Equal(a.ReplyMessage, b.ReplyMessage);
            // Round two on the other server (active-passive failover) finishes it.
            var code = _s.Channels.LastCode(DeliveryKind.Sms);
            Assert.Equal(RadiusCode.AccessAccept, (await _s.Send(_s.B, _s.Request("alice", code, a.State))).Code);
        }

        [Theory, ClassData(typeof(BothStores))]
        public async Task A_retransmission_of_the_same_datagram_gets_the_kept_challenge_and_sends_nothing_more(StoreKind kind)
        {
            Setup(kind);
            var request = _s.Request("alice", "sms");
            var first = await _s.Send(_s.A, request);
            var again = await _s.Send(_s.A, request);
            var elsewhere = await _s.Send(_s.B, request);
            Assert.Single(_s.Channels.Sent);
            Assert.Equal(first.State, again.State);
            Assert.Equal(first.State, elsewhere.State);
        }

        [Theory, ClassData(typeof(BothStores))]
        public async Task The_per_user_limit_is_shared_by_the_servers_on_the_store(StoreKind kind)
        {
            Setup(kind);
            var answers = await Task.WhenAll(Enumerable.Range(0, 6).Select(i => _s.Send(i % 2 == 0 ? _s.A : _s.B, _s.Request("alice", "sms"))));
            Assert.Equal(3, _s.Channels.Sent.Count);
            Assert.Equal(3, answers.Count(answer => answer.Code == RadiusCode.AccessChallenge));
            Assert.Equal(3, answers.Count(answer => answer.ReplyMessage == OutOfBandMethod.WaitMessage));
        }
    }
}
