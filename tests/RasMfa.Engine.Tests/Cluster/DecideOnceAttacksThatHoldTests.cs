using System;
using System.Linq;
using System.Net;
using System.Threading;
using System.Threading.Tasks;
using RasMfa.Engine.Clients;
using RasMfa.Engine.Configuration;
using RasMfa.Engine.Radius;
using RasMfa.Engine.Radius.Server;
using RasMfa.Engine.Storage;
using RasMfa.Engine.Tests.Storage;
using Xunit;

namespace RasMfa.Engine.Tests.Cluster
{
    /// <summary>
    /// Review of decide-once (issue 12): attacks on "decided once" and on challenges in the store that the merge stops,
    /// kept so that they stay stopped. Two servers on one store, requests sent at once where a race is the attack.
    /// </summary>
    public sealed class DecideOnceAttacksThatHoldTests : TwoServersTests
    {
        [Theory, ClassData(typeof(BothStores))]
        public async Task One_State_answered_by_two_different_requests_at_once_on_two_servers_accepts_at_most_one(StoreKind kind)
        {
            _s = new TwoServers(kind);
            var token = _s.Enrol("alice");
            for (int round = 0; round < 10; round++)
            {
                _s.Now += TimeSpan.FromSeconds(90);
                var challenge = await _s.Send(_s.A, _s.Request("alice", ""));
                // Two codes that would each be accepted alone (this step's and the next): only the State can stop the second.
                var answers = await Task.WhenAll(
                    _s.Send(_s.A, _s.Request("alice", _s.CodeAt(token), challenge.State)),
                    _s.Send(_s.B, _s.Request("alice", _s.CodeAt(token, 1), challenge.State)));
                Assert.Equal(1, answers.Count(a => a.Code == RadiusCode.AccessAccept));
            }
        }

        [Theory, ClassData(typeof(BothStores))]
        public async Task Wrong_codes_sent_at_once_to_both_servers_lock_at_the_threshold_and_a_right_code_then_is_refused(StoreKind kind)
        {
            _s = new TwoServers(kind);
            _s.Settings = new MfaSettings { LockoutThreshold = 5 };
            var token = _s.Enrol("alice");
            var wrong = _s.WrongCodeAt(token);
            var answers = await Task.WhenAll(Enumerable.Range(0, 30).Select(i => _s.Send(i % 2 == 0 ? _s.A : _s.B, _s.Request("alice", wrong))));
            Assert.All(answers, a => Assert.Equal(RadiusCode.AccessReject, a.Code));
            var alice = _s.User("alice");
            Assert.Equal(5, alice.FailedAttempts);
            Assert.True(alice.IsLockedAt(_s.Now));
            Assert.Equal(RadiusCode.AccessReject, (await _s.Send(_s.B, _s.Request("alice", _s.CodeAt(token)))).Code);
        }

        [Theory, ClassData(typeof(BothStores))]
        public async Task A_user_disabled_between_the_rounds_is_refused_the_second_round_on_the_other_server(StoreKind kind)
        {
            _s = new TwoServers(kind);
            var token = _s.Enrol("alice");
            var challenge = await _s.Send(_s.A, _s.Request("alice", ""));
            var alice = _s.User("alice");
            alice.Enabled = false;
            _s.Store.Users.Update(alice);
            Assert.NotEqual(RadiusCode.AccessAccept, (await _s.Send(_s.B, _s.Request("alice", _s.CodeAt(token), challenge.State))).Code);
        }

        [Theory, ClassData(typeof(BothStores))]
        public async Task A_request_that_differs_from_an_accepted_one_only_in_Proxy_State_or_attribute_order_is_decided_afresh(StoreKind kind)
        {
            _s = new TwoServers(kind);
            var token = _s.Enrol("alice");
            var accepted = _s.Request("alice", _s.CodeAt(token));
            Assert.Equal(RadiusCode.AccessAccept, (await _s.Send(_s.A, accepted)).Code);

            var withProxyState = Copy(accepted);
            withProxyState.Add(new RadiusAttribute(RadiusAttributeType.ProxyState, new byte[] { 1 }));
            var reordered = new RadiusPacket(accepted.Code, accepted.Identifier, accepted.Authenticator);
            foreach (var attribute in accepted.Attributes.AsEnumerable().Reverse()) reordered.Add(attribute);
            Assert.Equal(RadiusCode.AccessReject, (await _s.Send(_s.B, withProxyState)).Code);
            Assert.Equal(RadiusCode.AccessReject, (await _s.Send(_s.B, reordered)).Code);
        }

        [Theory, ClassData(typeof(BothStores))]
        public async Task The_same_octets_from_another_client_are_decided_afresh_not_given_the_first_clients_answer(StoreKind kind)
        {
            _s = new TwoServers(kind);
            var token = _s.Enrol("alice");
            var request = _s.Request("alice", _s.CodeAt(token));
            Assert.Equal(RadiusCode.AccessAccept, (await _s.Send(_s.A, request)).Code);
            var other = new RadiusClientDefinition("vpn", IpNetwork.Parse("198.51.100.0/24"), TwoServers.Secret);
            RadiusPacket.TryParse(request.Encode(), out var received);
            var answer = await _s.B.DecideAsync(new AccessRequestContext(received!, other, new IPEndPoint(IPAddress.Parse("198.51.100.7"), 5000), true), CancellationToken.None);
            Assert.Equal(RadiusCode.AccessReject, answer.Code);
        }

        [Theory, ClassData(typeof(BothStores))]
        public async Task A_decoy_challenge_never_accepts_on_either_server_whatever_code_comes(StoreKind kind)
        {
            _s = new TwoServers(kind);
            var token = _s.Enrol("alice");
            var decoy = await _s.Send(_s.A, _s.Request("mallory", ""));
            var answers = await Task.WhenAll(
                _s.Send(_s.A, _s.Request("mallory", _s.CodeAt(token), decoy.State)),
                _s.Send(_s.B, _s.Request("alice", _s.CodeAt(token), decoy.State)));
            Assert.All(answers, a => Assert.NotEqual(RadiusCode.AccessAccept, a.Code));
        }

        private static RadiusPacket Copy(RadiusPacket packet)
        {
            var copy = new RadiusPacket(packet.Code, packet.Identifier, packet.Authenticator);
            foreach (var attribute in packet.Attributes) copy.Add(attribute);
            return copy;
        }
    }
}
