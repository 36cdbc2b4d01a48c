using System;
using Microsoft.Extensions.Logging.Abstractions;
using RasMfa.Engine.Clients;
using RasMfa.Engine.Configuration;
using RasMfa.Engine.Mfa;
using RasMfa.Engine.Radius;
using RasMfa.Engine.Radius.Server;
using Xunit;

namespace RasMfa.Engine.Tests.Mfa
{
    /// <summary>
    /// Issue 11 item 6: open challenges are capped per client and in total, and a full store never stops a login already half
    /// done. Issue 12: the caps count the store's challenges, over every server sharing it.
    /// </summary>
    public sealed class ChallengeCapTests : IDisposable
    {
        private readonly MfaFixture _f = new MfaFixture();

        public void Dispose() => _f.Dispose();

        private static RadiusClientDefinition ClientNamed(string name) => new RadiusClientDefinition(name, IpNetwork.Parse("192.0.2.0/24"), MfaFixture.Secret);

        // "Forward username only" first rounds for names no one holds: each opens a decoy challenge in the store.
        private void Fill(RadiusClientDefinition client, int count)
        {
            for (int i = 0; i < count; i++) Assert.Equal(RadiusCode.AccessChallenge, _f.Pap($"flood-{client.Name}-{i}", "", client: client).Code);
        }

        [Fact]
        public void One_client_cannot_open_more_than_its_cap_and_others_still_can()
        {
            _f.Settings = new MfaSettings { MaxPendingChallengesPerClient = 10, MaxPendingChallenges = 100 };
            Fill(_f.Client, 10);
            Assert.Equal(ChallengeRoom.ClientFull, _f.Challenges.RoomFor("RAS"));
            Assert.Equal(DropReason.ChallengeLimitPerClient, _f.Pap("one-more", "").DiscardReason);
            Assert.Equal(10, _f.Challenges.CountOf("ras"));
            Assert.Equal(ChallengeRoom.Available, _f.Challenges.RoomFor("vpn"));
            Fill(ClientNamed("vpn"), 1);
            Assert.Equal(11, _f.Challenges.Count);
        }

        [Fact]
        public void The_total_cap_holds_over_all_clients()
        {
            _f.Settings = new MfaSettings { MaxPendingChallengesPerClient = 10, MaxPendingChallenges = 15 };
            Fill(_f.Client, 10);
            Fill(ClientNamed("vpn"), 5);
            Assert.Equal(ChallengeRoom.AllFull, _f.Challenges.RoomFor("gateway"));
            Assert.Equal(DropReason.ChallengeLimitTotal, _f.Pap("x", "", client: ClientNamed("gateway")).DiscardReason);
            Assert.Equal(15, _f.Challenges.Count);
        }

        [Fact]
        public void Spent_and_expired_challenges_give_their_place_back_once_counted_again()
        {
            var token = _f.Enrol("alice");
            _f.Settings = new MfaSettings { MaxPendingChallengesPerClient = 10, MaxPendingChallenges = 15 };
            var alice = _f.Pap("alice", "");
            Fill(_f.Client, 9);
            Assert.Equal(ChallengeRoom.ClientFull, _f.Challenges.RoomFor("ras"));
            Assert.Equal(RadiusCode.AccessAccept, _f.Pap("alice", _f.CodeAt(token), alice.State).Code);
            // The store is counted again at most once a second: until then, the place stays taken (the safe side).
            Assert.Equal(ChallengeRoom.ClientFull, _f.Challenges.RoomFor("ras"));
            _f.Now += TimeSpan.FromSeconds(1);
            Assert.Equal(ChallengeRoom.Available, _f.Challenges.RoomFor("ras"));
            Fill(_f.Client, 1);
            Assert.Equal(ChallengeRoom.ClientFull, _f.Challenges.RoomFor("ras"));

            _f.Now += TimeSpan.FromSeconds(_f.Settings.ChallengeLifetimeSeconds + 1);
            Assert.Equal(ChallengeRoom.Available, _f.Challenges.RoomFor("ras"));
            Assert.Equal(0, _f.Challenges.Count);
            Assert.Equal(0, _f.Challenges.CountOf("ras"));
        }

        [Fact]
        public void The_caps_count_the_challenges_another_server_on_the_store_opened()
        {
            _f.Settings = new MfaSettings { MaxPendingChallengesPerClient = 10, MaxPendingChallenges = 100 };
            var other = new ChallengeStore(_f.Store.Logins, () => _f.Now, () => _f.Settings);
            var otherServer = new MfaRequestHandler(_f.Store.Logins, () => _f.Settings, other, NullLogger.Instance, () => _f.Now);
            for (int i = 0; i < 10; i++)
                Assert.Equal(RadiusCode.AccessChallenge, _f.PapAsync("flood" + i, "", handler: otherServer).GetAwaiter().GetResult().Code);
            _f.Now += TimeSpan.FromSeconds(1);
            Assert.Equal(DropReason.ChallengeLimitPerClient, _f.Pap("alice", "").DiscardReason);
        }

        [Fact]
        public void At_the_total_cap_a_new_login_gets_no_answer_and_no_audit_record_while_an_open_one_completes()
        {
            var token = _f.Enrol("alice");
            _f.Settings = new MfaSettings { MaxPendingChallengesPerClient = 10, MaxPendingChallenges = 10 };
            var alice = _f.Pap("alice", "");
            Assert.Equal(RadiusCode.AccessChallenge, alice.Code);
            // A flood of "Forward username only" requests, as one signed client sent them: decoys for names that do not exist.
            for (int i = 0; _f.Challenges.Count < 10; i++) Assert.Equal(RadiusCode.AccessChallenge, _f.Pap("flood" + i, "").Code);
            int writes = _f.Logins.Writes;

            var refused = _f.Pap("flood-more", "");
            Assert.Equal(DropReason.ChallengeLimitTotal, refused.DiscardReason);
            Assert.Equal(writes, _f.Logins.Writes);

            // Alice's second round: a wrong code is asked again (a new State, past the cap), then the right one is accepted.
            var code = _f.CodeAt(token);
            var wrong = code == "000000" ? "111111" : "000000";
            var retry = _f.Pap("alice", wrong, alice.State);
            Assert.Equal(RadiusCode.AccessChallenge, retry.Code);
            Assert.Equal(RadiusCode.AccessAccept, _f.Pap("alice", code, retry.State).Code);
        }

        [Fact]
        public void At_a_clients_cap_its_first_rounds_are_refused_before_the_first_factor_and_other_clients_go_on()
        {
            _f.Enrol("alice");
            _f.Settings = new MfaSettings { MaxPendingChallengesPerClient = 10, MaxPendingChallenges = 100 };
            for (int i = 0; i < 10; i++) _f.Pap("flood" + i, "");
            Assert.Equal(DropReason.ChallengeLimitPerClient, _f.Pap("alice", "").DiscardReason);
            var other = new RasMfa.Engine.Clients.RadiusClientDefinition("vpn", RasMfa.Engine.Clients.IpNetwork.Parse("192.0.2.0/24"), MfaFixture.Secret);
            Assert.Equal(RadiusCode.AccessChallenge, _f.Pap("alice", "", client: other).Code);
        }

        [Fact]
        public void An_unsigned_request_with_no_password_cannot_open_a_challenge()
        {
            var token = _f.Enrol("alice");
            _f.Signed = false;
            Assert.Equal(DropReason.UnsignedChallengeRequest, _f.Pap("alice", "").DiscardReason);
            Assert.Equal(DropReason.UnsignedChallengeRequest, _f.Pap("nobody", "").DiscardReason);
            Assert.Equal(0, _f.Challenges.Count);
            Assert.Equal(0, _f.Logins.Writes);
            // A code typed in the password field needs the shared secret to hide it, so an unsigned client may still send one.
            Assert.Equal(RadiusCode.AccessAccept, _f.Pap("alice", _f.CodeAt(token)).Code);
            _f.Signed = true;
            Assert.Equal(RadiusCode.AccessChallenge, _f.Pap("alice", "").Code);
        }
    }
}
