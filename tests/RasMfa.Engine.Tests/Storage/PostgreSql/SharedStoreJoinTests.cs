using System;
using System.IO;
using System.Linq;
using RasMfa.Engine.Security;
using RasMfa.Engine.Storage;
using RasMfa.Engine.Tests.Administration;
using Xunit;

namespace RasMfa.Engine.Tests.Storage.PostgreSql
{
    /// <summary>
    /// A second server joins a PostgreSQL store (issue 12): the first keeps the key's escrow in the store
    /// (Add-RasMfaStoreKey), the second unwraps it with the passphrase (Join-RasMfaStore) and saves the key only once it
    /// opens the store.
    /// </summary>
    public sealed class SharedStoreJoinTests : IDisposable
    {
        private readonly SharedStoreKeyWorld _world = new SharedStoreKeyWorld();

        public void Dispose() => _world.Dispose();

        [Fact]
        public void A_second_server_is_refused_until_it_joins_with_the_passphrase_and_then_reads_what_the_first_sealed()
        {
            var escrow = _world.AddEscrow("a")!;
            Assert.Equal(("HOST-A", _world.StoreId), (escrow.CreatedBy, escrow.StoreId));
            Assert.Equal(StoreKeyException.NotJoinedId, Assert.Throws<StoreKeyException>(() => _world.Open("b")).ErrorId);

            var wrong = Assert.Throws<StoreKeyException>(() => _world.Join("b", "not the passphrase at all"));
            Assert.Equal(StoreKeyException.PassphraseWrongId, wrong.ErrorId);
            Assert.False(_world.Keys("b").Has(_world.StoreId));
            Assert.False(Directory.Exists(_world.KeyFolder("b")) && Directory.EnumerateFileSystemEntries(_world.KeyFolder("b")).Any());

            var joined = _world.Join("b")!;
            Assert.False(joined.AlreadyJoined);
            Assert.Equal(_world.Keys("b").PathOf(_world.StoreId), joined.KeyPath);
            var (clientSecret, tokenSecret) = _world.SecretsSeenBy("b");
            Assert.Equal(SharedStoreKeyWorld.ClientSecret, clientSecret);
            Assert.Equal(_world.TokenSecret, tokenSecret);
        }

        [Fact]
        public void Joining_again_with_the_right_key_held_changes_nothing_and_a_wrong_passphrase_is_still_refused()
        {
            _world.AddEscrow("a");
            var review = new RecordingReview();
            Assert.True(_world.Join("a", review: review)!.AlreadyJoined);
            Assert.Empty(review.Asked);
            _world.Join("b");
            var written = File.GetLastWriteTimeUtc(_world.Keys("b").PathOf(_world.StoreId));
            Assert.True(_world.Join("b")!.AlreadyJoined);
            Assert.Equal(written, File.GetLastWriteTimeUtc(_world.Keys("b").PathOf(_world.StoreId)));
            Assert.Equal(StoreKeyException.PassphraseWrongId, Assert.Throws<StoreKeyException>(() => _world.Join("b", "not the passphrase at all")).ErrorId);
        }

        [Fact]
        public void A_server_holding_a_wrong_key_is_given_the_right_one_by_a_join()
        {
            _world.AddEscrow("a");
            var other = new byte[32];
            new Random(7).NextBytes(other);
            _world.Keys("b").Save(_world.StoreId, other);
            Assert.Equal(StoreKeyCheck.MismatchErrorId, Assert.Throws<StoreException>(() => _world.Open("b")).ErrorId);
            Assert.False(_world.Join("b")!.AlreadyJoined);
            Assert.Equal(SharedStoreKeyWorld.ClientSecret, _world.SecretsSeenBy("b").ClientSecret);
        }

        [Fact]
        public void Without_an_escrow_a_join_says_to_make_one_on_a_server_that_holds_the_key()
        {
            var error = Assert.Throws<StoreKeyException>(() => _world.Join("b"));
            Assert.Equal(StoreKeyException.EscrowMissingId, error.ErrorId);
            Assert.Contains("Add-RasMfaStoreKey", error.Message);
        }

        [Fact]
        public void An_escrow_whose_key_does_not_open_the_store_is_refused_and_its_key_never_saved()
        {
            // An escrow put in the store by someone who can write to it, wrapping a key of their own with a passphrase they know.
            _world.AddEscrow("a");
            var planted = StoreKeyEscrow.Wrap(new byte[32], SharedStoreKeyWorld.Passphrase, _world.StoreId);
            _world.Scalar($"UPDATE store_key_escrow SET blob = '\\x{BitConverter.ToString(planted).Replace("-", "")}'::bytea");

            Assert.Equal(StoreKeyException.EscrowStaleId, Assert.Throws<StoreKeyException>(() => _world.Join("b")).ErrorId);
            Assert.False(_world.Keys("b").Has(_world.StoreId));
        }

        [Fact]
        public void The_escrow_of_another_store_is_refused()
        {
            using var other = new SharedStoreKeyWorld();
            other.AddEscrow("a");
            var blob = (byte[])other.Scalar("SELECT blob FROM store_key_escrow")!;
            _world.AddEscrow("a");
            _world.Scalar($"UPDATE store_key_escrow SET blob = '\\x{BitConverter.ToString(blob).Replace("-", "")}'::bytea");
            Assert.Equal(StoreKeyException.EscrowOfAnotherStoreId, Assert.Throws<StoreKeyException>(() => _world.Join("b")).ErrorId);
            Assert.False(_world.Keys("b").Has(_world.StoreId));
        }

        [Fact]
        public void An_escrow_is_replaced_only_with_replace_and_then_only_the_new_passphrase_joins()
        {
            _world.AddEscrow("a");
            Assert.Equal(StoreKeyException.EscrowExistsId, Assert.Throws<StoreKeyException>(() => _world.AddEscrow("a", "another long passphrase")).ErrorId);
            _world.AddEscrow("a", "another long passphrase", replace: true);
            Assert.Equal(StoreKeyException.PassphraseWrongId, Assert.Throws<StoreKeyException>(() => _world.Join("b")).ErrorId);
            Assert.False(_world.Join("b", "another long passphrase")!.AlreadyJoined);
        }

        [Fact]
        public void Only_a_server_holding_the_stores_key_escrows_it_and_a_short_passphrase_is_refused_before_anything_is_asked()
        {
            Assert.Equal(StoreKeyException.NotJoinedId, Assert.Throws<StoreKeyException>(() => _world.AddEscrow("b")).ErrorId);
            var other = new byte[32];
            new Random(9).NextBytes(other);
            _world.Keys("c").Save(_world.StoreId, other);
            Assert.Equal(StoreKeyCheck.MismatchErrorId, Assert.Throws<StoreException>(() => _world.AddEscrow("c")).ErrorId);
            var review = new RecordingReview();
            Assert.Equal(StoreKeyException.PassphraseTooShortId, Assert.Throws<StoreKeyException>(() => _world.AddEscrow("a", "too short", review: review)).ErrorId);
            Assert.Empty(review.Asked);
            Assert.Equal(0L, _world.Scalar("SELECT COUNT(*) FROM store_key_escrow"));
        }

        [Fact]
        public void Declined_changes_write_nothing()
        {
            Assert.Null(_world.AddEscrow("a", review: new RecordingReview(approve: false)));
            Assert.Equal(0L, _world.Scalar("SELECT COUNT(*) FROM store_key_escrow"));
            _world.AddEscrow("a");
            Assert.Null(_world.Join("b", review: new RecordingReview(approve: false)));
            Assert.False(_world.Keys("b").Has(_world.StoreId));
        }

        [Fact]
        public void The_escrow_in_the_database_is_not_the_key()
        {
            _world.AddEscrow("a");
            var key = _world.Keys("a").Load(_world.StoreId);
            var blob = (byte[])_world.Scalar("SELECT blob FROM store_key_escrow")!;
            Assert.False(Contains(blob, key));
            Assert.False(Contains(blob, key.Take(8).ToArray()));
        }

        [Fact]
        public void The_status_says_whether_this_server_holds_the_key_and_when_and_where_the_escrow_was_made()
        {
            var before = _world.Status("a");
            Assert.True(before.KeyHeld);
            Assert.Null(before.Escrow);
            var made = _world.AddEscrow("a")!;
            var a = _world.Status("a");
            Assert.Equal((_world.StoreId, "HOST-A", made.CreatedUtc), (a.StoreId, a.Escrow!.CreatedBy, a.Escrow.CreatedUtc));
            var b = _world.Status("b");
            Assert.False(b.KeyHeld);
            Assert.Contains("Join-RasMfaStore", b.KeyProblem);
            _world.Join("b");
            Assert.True(_world.Status("b").KeyHeld);
        }

        private static bool Contains(byte[] haystack, byte[] needle)
        {
            for (int i = 0; i + needle.Length <= haystack.Length; i++)
                if (haystack.Skip(i).Take(needle.Length).SequenceEqual(needle)) return true;
            return false;
        }
    }
}
