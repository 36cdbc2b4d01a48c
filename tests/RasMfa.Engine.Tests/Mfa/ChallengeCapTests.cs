using System;
using System.Linq;
using RasMfa.Engine.Configuration;
using RasMfa.Engine.Mfa;
using RasMfa.Engine.Radius;
using RasMfa.Engine.Radius.Server;
using Xunit;

namespace RasMfa.Engine.Tests.Mfa
{
    /// <summary>Issue 11 item 6: open challenges are capped per client and in total, and a full store never stops a login already half done.</summary>
    public sealed class ChallengeCapTests : IDisposable
    {
        private static readonly TimeSpan Lifetime = TimeSpan.FromSeconds(120);
        private readonly MfaFixture _f = new MfaFixture();
        private DateTime _now = new DateTime(2026, 11, 28, 8, 0, 0, DateTimeKind.Utc);

        public void Dispose() => _f.Dispose();

        private ChallengeStore Store(int perClient, int total) =>
            new ChallengeStore(() => _now, () => new MfaSettings { MaxPendingChallengesPerClient = perClient, MaxPendingChallenges = total });

        private static void Fill(ChallengeStore store, string client, int count)
        {
            for (int i = 0; i < count; i++) store.Open(0, "user" + i, client, Lifetime, attempts: 0);
        }

        [Fact]
        public void One_client_cannot_open_more_than_its_cap_and_others_still_can()
        {
            var store = Store(perClient: 10, total: 100);
            Fill(store, "ras", 10);
            Assert.Equal(ChallengeRoom.ClientFull, store.RoomFor("RAS"));
            var refused = Assert.Throws<ChallengeLimitException>(() => store.Open(0, "one-more", "ras", Lifetime, attempts: 0));
            Assert.Equal(ChallengeRoom.ClientFull, refused.Room);
            Assert.Equal(10, store.CountOf("ras"));
            Assert.Equal(ChallengeRoom.Available, store.RoomFor("vpn"));
            store.Open(0, "other", "vpn", Lifetime, attempts: 0);
            Assert.Equal(11, store.Count);
        }

        [Fact]
        public void The_total_cap_holds_over_all_clients()
        {
            var store = Store(perClient: 10, total: 15);
            Fill(store, "ras", 10);
            Fill(store, "vpn", 5);
            Assert.Equal(ChallengeRoom.AllFull, store.RoomFor("gateway"));
            Assert.Equal(ChallengeRoom.AllFull, Assert.Throws<ChallengeLimitException>(() => store.Open(0, "x", "gateway", Lifetime, attempts: 0)).Room);
            Assert.Equal(15, store.Count);
        }

        [Fact]
        public void Taken_and_expired_challenges_give_their_place_back()
        {
            var store = Store(perClient: 10, total: 15);
            var first = store.Open(0, "first", "ras", Lifetime, attempts: 0);
            Fill(store, "ras", 9);
            Assert.Equal(ChallengeRoom.ClientFull, store.RoomFor("ras"));
            Assert.Equal(ChallengeLookup.Found, store.Take(first, "ras", out _));
            Assert.Equal(ChallengeRoom.Available, store.RoomFor("ras"));
            store.Open(0, "again", "ras", Lifetime, attempts: 0);
            Assert.Equal(ChallengeRoom.ClientFull, store.RoomFor("ras"));

            _now += Lifetime + TimeSpan.FromSeconds(1);
            Assert.Equal(ChallengeRoom.Available, store.RoomFor("ras"));
            Assert.Equal(0, store.Count);
            Assert.Equal(0, store.CountOf("ras"));
        }

        [Fact]
        public void A_challenge_asked_again_after_a_wrong_code_is_never_refused_for_room()
        {
            var store = Store(perClient: 10, total: 10);
            Fill(store, "ras", 10);
            var again = store.Open(7, "alice", "ras", Lifetime, attempts: 1);
            Assert.True(store.IsOpen(again, "ras"));
            Assert.False(store.IsOpen(again, "vpn"));
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
