using System;
using System.Threading.Tasks;
using RasMfa.Engine.Mfa;
using RasMfa.Engine.Radius.Server;
using RasMfa.Engine.Security;
using RasMfa.Engine.Storage;
using RasMfa.Engine.Storage.PostgreSql;
using RasMfa.Engine.Tests.Administration;
using RasMfa.Engine.Tests.Cluster;
using RasMfa.Engine.Tokens;
using Xunit;

namespace RasMfa.Engine.Tests.Review
{
    /// <summary>
    /// Review R3 (issue 12, store key follower): while a listener's key is stale (a rotation on another machine, before
    /// Join-RasMfaStore here), a login for an enrolled name needs its token's secret and is answered as StoreUnavailableAnswer
    /// says (Silence by default), while an unknown name's decoy secret is sealed by the listener's own held key and still opens:
    /// that login goes on and gets an answer. An attacker who sends RADIUS requests to that server tells enrolled names from
    /// unknown ones by whether any answer comes.
    /// </summary>
    public sealed class StaleKeyEnumerationTests : IDisposable
    {
        private TwoServers _s = null!;

        public void Dispose() => _s?.Dispose();

        private async Task<string> Answer(MfaRequestHandler server, string name, string password)
        {
            try
            {
                return (await _s.Send(server, _s.Request(name, password))).Code.ToString();
            }
            catch (AnswerWithheldException)
            {
                return "none";
            }
        }

        [Fact]
        public async Task A_stale_listener_answers_an_unknown_name_as_it_answers_an_enrolled_one()
        {
            _s = new TwoServers(StoreKind.PostgreSql, bOnAnotherMachine: true);
            var token = _s.Enrol("alice");
            // Both names answered alike before the rotation (a wrong code: a Reject, or a challenge asked again, for each).
            var aliceBefore = await Answer(_s.B, "alice", _s.WrongCodeAt(token));
            var unknownBefore = await Answer(_s.B, "mallory-does-not-exist", "000000");
            Assert.Equal(aliceBefore, unknownBefore);

            // A rotation on server A, whose key files B does not share: B's key is stale until a join.
            using (var keyless = StoreKeyService.OpenKeyless(_s.Database.ConnectionString, _s.Database.KeyFolder, applySchema: true))
                StoreKeyRotation.Rotate(keyless, "a new passphrase for the new key", new RecordingReview(), "HOST-A", DateTime.UtcNow);
            _s.Now += TimeSpan.FromSeconds(30);

            var alice = await Answer(_s.B, "alice", _s.WrongCodeAt(token));
            var unknown = await Answer(_s.B, "mallory-does-not-exist", "000000");
            Assert.True(((SqlStore)_s.StoreB).KeyFollower!.IsStale);
            // Fails: alice "none" (withheld), the unknown name an answer.
            Assert.Equal(alice, unknown);
        }
    }
}
