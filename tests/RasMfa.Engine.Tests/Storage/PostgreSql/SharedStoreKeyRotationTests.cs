using System;
using System.Text;
using RasMfa.Engine.Clients;
using RasMfa.Engine.Security;
using RasMfa.Engine.Storage;
using Xunit;

namespace RasMfa.Engine.Tests.Storage.PostgreSql
{
    /// <summary>
    /// Update-RasMfaStoreKey (issue 12): a new key, every secret resealed with it in one transaction with the key check
    /// value and a new escrow; the servers and processes still holding the old key are refused until they join again.
    /// </summary>
    public sealed class SharedStoreKeyRotationTests : IDisposable
    {
        private const string NewPassphrase = "a new passphrase for the new key";
        private readonly SharedStoreKeyWorld _world = new SharedStoreKeyWorld();

        public SharedStoreKeyRotationTests()
        {
            _world.AddEscrow("a");
            _world.Join("b");
        }

        public void Dispose() => _world.Dispose();

        private byte[] KeyOf(string server) => _world.Keys(server).Load(_world.StoreId);

        [Fact]
        public void After_a_rotation_everything_opens_on_the_rotating_server_and_the_others_are_refused_until_they_join_with_the_new_passphrase()
        {
            var oldKey = KeyOf("a");
            var rotated = _world.Rotate("a", NewPassphrase)!;
            Assert.Equal((2, 0, "HOST-A"), (rotated.SecretsResealed, rotated.SecretsUnreadable, rotated.EscrowCreatedBy));
            Assert.NotEqual(oldKey, KeyOf("a"));
            Assert.False(_world.Keys("a").HasPending(_world.StoreId));
            var (clientSecret, tokenSecret) = _world.SecretsSeenBy("a");
            Assert.Equal(SharedStoreKeyWorld.ClientSecret, clientSecret);
            Assert.Equal(_world.TokenSecret, tokenSecret);

            var refused = Assert.Throws<StoreException>(() => _world.Open("b"));
            Assert.Equal(StoreKeyCheck.MismatchErrorId, refused.ErrorId);
            Assert.Contains("Join-RasMfaStore", refused.Message);
            Assert.Equal(StoreKeyException.PassphraseWrongId, Assert.Throws<StoreKeyException>(() => _world.Join("b")).ErrorId);
            Assert.False(_world.Join("b", NewPassphrase)!.AlreadyJoined);
            Assert.Equal(SharedStoreKeyWorld.ClientSecret, _world.SecretsSeenBy("b").ClientSecret);
        }

        [Fact]
        public void A_store_opened_before_the_rotation_cannot_seal_a_secret_with_the_old_key()
        {
            using var running = _world.Open("b"); // a listener or a session that opened the store before the rotation
            _world.Rotate("a", NewPassphrase);
            var client = new RadiusClientDefinition("vpn", IpNetwork.Parse("10.0.0.2"), Encoding.UTF8.GetBytes("another-shared-secret"));
            Assert.Equal(StoreKeyCheck.MismatchErrorId, Assert.Throws<StoreException>(() => running.Clients.Add(client)).ErrorId);
            Assert.Equal(0L, _world.Scalar("SELECT COUNT(*) FROM radius_client WHERE name = 'vpn'"));
            // Nor read one sealed with the new: its server "b" keeps no key that opens the store, and says what to do.
            var stale = Assert.Throws<StoreException>(() => running.Clients.Get("ras"));
            Assert.Equal((StoreKeyFollower.StaleErrorId, StoreErrorKind.Unavailable), (stale.ErrorId, stale.Kind));
            Assert.Contains("Join-RasMfaStore", stale.Message);
        }

        [Fact]
        public void A_rotation_that_fails_before_its_commit_leaves_the_store_and_every_server_on_the_old_key()
        {
            var oldKey = KeyOf("a");
            _world.Scalar("CREATE FUNCTION refuse() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'interrupted'; END $$; " +
                "CREATE TRIGGER interrupted BEFORE UPDATE ON store_key_escrow FOR EACH ROW EXECUTE FUNCTION refuse()");
            Assert.ThrowsAny<Exception>(() => _world.Rotate("a", NewPassphrase));
            _world.Scalar("DROP TRIGGER interrupted ON store_key_escrow");

            Assert.Equal(oldKey, KeyOf("a"));
            Assert.Equal(SharedStoreKeyWorld.ClientSecret, _world.SecretsSeenBy("a").ClientSecret);
            Assert.Equal(_world.TokenSecret, _world.SecretsSeenBy("b").TokenSecret);
            Assert.True(_world.Join("b")!.AlreadyJoined); // the old escrow still stands
        }

        [Fact]
        public void A_rotation_that_stopped_after_its_commit_and_before_its_local_move_is_finished_by_the_next_open()
        {
            var keys = _world.Keys("a");
            var oldKey = KeyOf("a");
            _world.Rotate("a", NewPassphrase);
            // As the rotation leaves it when it stops between the store's commit and the move: the new key pending, the old in place.
            var newKey = KeyOf("a");
            keys.SavePending(_world.StoreId, newKey);
            keys.Save(_world.StoreId, oldKey);

            Assert.Equal(SharedStoreKeyWorld.ClientSecret, _world.SecretsSeenBy("a").ClientSecret);
            Assert.Equal(newKey, KeyOf("a"));
            Assert.False(keys.HasPending(_world.StoreId));
        }

        [Fact]
        public void A_new_key_left_pending_by_a_rotation_that_never_committed_is_never_used()
        {
            var oldKey = KeyOf("a");
            var stray = new byte[32];
            new Random(3).NextBytes(stray);
            _world.Keys("a").SavePending(_world.StoreId, stray);
            Assert.Equal(SharedStoreKeyWorld.ClientSecret, _world.SecretsSeenBy("a").ClientSecret);
            Assert.Equal(oldKey, KeyOf("a"));
            // And a later rotation goes through, over it.
            _world.Rotate("a", NewPassphrase);
            Assert.Equal(_world.TokenSecret, _world.SecretsSeenBy("a").TokenSecret);
        }

        [Fact]
        public void Only_a_server_holding_the_key_rotates_it()
        {
            var wrongKey = new byte[32];
            new Random(5).NextBytes(wrongKey);
            _world.Keys("c").Save(_world.StoreId, wrongKey);
            Assert.Equal(StoreKeyCheck.MismatchErrorId, Assert.Throws<StoreException>(() => _world.Rotate("c", NewPassphrase)).ErrorId);
            Assert.Equal(StoreKeyException.NotJoinedId, Assert.Throws<StoreKeyException>(() => _world.Rotate("d", NewPassphrase)).ErrorId);
            Assert.Equal(SharedStoreKeyWorld.ClientSecret, _world.SecretsSeenBy("b").ClientSecret);
        }
    }
}
