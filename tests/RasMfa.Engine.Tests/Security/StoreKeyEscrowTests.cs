using System;
using System.Security.Cryptography;
using System.Text;
using RasMfa.Engine.Administration;
using RasMfa.Engine.Security;
using Xunit;

namespace RasMfa.Engine.Tests.Security
{
    /// <summary>
    /// The shared store's key wrapped with an admin's passphrase (issue 12): it comes back with that passphrase for that
    /// store only, and a blob asking for absurd work is refused before any.
    /// </summary>
    public sealed class StoreKeyEscrowTests
    {
        private const string Passphrase = "correct horse battery staple";
        private const string StoreId = "6f1c2a7e-3d4b-4f5a-9c8d-0e1f2a3b4c5d";

        // The least cost a blob may name: the tests that are not about the cost stay quick.
        private static readonly Argon2idCost Cheap = new Argon2idCost(Argon2idCost.MinMemoryKiB, 1, 1);

        // Offsets in a version 1 blob (StoreKeyEscrowBlob): magic 0-3, version 4, KDF 5, memory 6-9, passes 10-13,
        // lanes 14-17, salt length 18, salt 19-34, store id length 35, store id from 36.
        private const int VersionAt = 4, KdfAt = 5, MemoryAt = 6, PassesAt = 10, LanesAt = 14, SaltAt = 19, StoreIdAt = 36;

        private static byte[] NewKey()
        {
            var key = new byte[32];
            using (var random = RandomNumberGenerator.Create()) random.GetBytes(key);
            return key;
        }

        private static StoreKeyException Refusal(Action unwrap) => Assert.Throws<StoreKeyException>(unwrap);

        // A KDF that fails the test if it is ever asked for work.
        private static byte[] NoWorkExpected(byte[] password, byte[] salt, Argon2idCost cost, int length) =>
            throw new Xunit.Sdk.XunitException($"The KDF was run ({cost}) for a blob that should have been refused first.");

        private static void PutUInt32(byte[] blob, int at, uint value)
        {
            blob[at] = (byte)(value >> 24);
            blob[at + 1] = (byte)(value >> 16);
            blob[at + 2] = (byte)(value >> 8);
            blob[at + 3] = (byte)value;
        }

        [Fact]
        public void The_store_key_comes_back_with_the_passphrase_and_store_id_it_was_wrapped_with()
        {
            var storeKey = NewKey();
            var escrow = StoreKeyEscrow.Wrap(storeKey, Passphrase, StoreId);

            Assert.Equal(storeKey, StoreKeyEscrow.Unwrap(escrow, Passphrase, StoreId));
            var blob = StoreKeyEscrowBlob.Read(escrow);
            Assert.Equal(64 * 1024, blob.Cost.MemoryKiB);
            Assert.Equal(3, blob.Cost.Passes);
            Assert.Equal(2, blob.Cost.Lanes);
            Assert.Equal(StoreId, blob.StoreId);
            Assert.Equal(16, blob.Salt.Length);
            // Nothing of the key in clear.
            Assert.Equal(-1, IndexOf(escrow, storeKey));
        }

        [Fact]
        public void Wrapping_the_same_key_twice_gives_unrelated_escrows()
        {
            var storeKey = NewKey();
            var first = StoreKeyEscrowBlob.Read(StoreKeyEscrow.Wrap(storeKey, Passphrase, StoreId, Cheap));
            var second = StoreKeyEscrowBlob.Read(StoreKeyEscrow.Wrap(storeKey, Passphrase, StoreId, Cheap));

            Assert.NotEqual(first.Salt, second.Salt);
            Assert.NotEqual(first.Nonce, second.Nonce);
            Assert.NotEqual(first.Ciphertext, second.Ciphertext);
        }

        [Fact]
        public void A_wrong_passphrase_is_refused_with_its_own_id()
        {
            var escrow = StoreKeyEscrow.Wrap(NewKey(), Passphrase, StoreId, Cheap);

            var refusal = Refusal(() => StoreKeyEscrow.Unwrap(escrow, "Correct horse battery staple", StoreId));
            Assert.Equal(StoreKeyException.PassphraseWrongId, refusal.ErrorId);
            Assert.Equal(EngineErrorKind.InvalidArgument, refusal.Kind);
            Assert.Contains("passphrase does not open", refusal.Message);
        }

        [Fact]
        public void An_escrow_made_for_another_store_is_refused_before_any_work()
        {
            var escrow = StoreKeyEscrow.Wrap(NewKey(), Passphrase, "store-a", Cheap);

            var refusal = Refusal(() => StoreKeyEscrow.Unwrap(escrow, Passphrase, "store-b", NoWorkExpected));
            Assert.Equal(StoreKeyException.EscrowOfAnotherStoreId, refusal.ErrorId);
            Assert.Contains("'store-a'", refusal.Message);
        }

        [Fact]
        public void An_escrow_whose_store_id_was_rewritten_does_not_open_even_with_the_right_passphrase()
        {
            var escrow = StoreKeyEscrow.Wrap(NewKey(), Passphrase, "store-a", Cheap);
            escrow[StoreIdAt + "store-".Length] = (byte)'b';

            Assert.Equal("store-b", StoreKeyEscrowBlob.Read(escrow).StoreId);
            Assert.Equal(StoreKeyException.PassphraseWrongId, Refusal(() => StoreKeyEscrow.Unwrap(escrow, Passphrase, "store-b")).ErrorId);
        }

        [Theory]
        [InlineData(SaltAt)]
        [InlineData(PassesAt + 3)]
        [InlineData(-1)]  // the last octet of the wrapped key
        [InlineData(-33)] // the last octet of the tag
        [InlineData(-49)] // the first octet of the tag: the nonce ends just before it
        [InlineData(-60)] // the first octet of the nonce
        public void An_altered_escrow_does_not_open(int at)
        {
            var escrow = StoreKeyEscrow.Wrap(NewKey(), Passphrase, StoreId, Cheap);
            escrow[at < 0 ? escrow.Length + at : at] ^= 0x02; // passes 1 becomes 3: within bounds, so only the tag can tell

            Assert.Equal(StoreKeyException.PassphraseWrongId, Refusal(() => StoreKeyEscrow.Unwrap(escrow, Passphrase, StoreId)).ErrorId);
        }

        [Fact]
        public void A_passphrase_shorter_than_12_characters_is_refused_counting_characters_not_UTF16_units()
        {
            var refusal = Assert.Throws<StoreKeyException>(() => StoreKeyEscrow.Wrap(NewKey(), "elevenchars", StoreId, Cheap));
            Assert.Equal(StoreKeyException.PassphraseTooShortId, refusal.ErrorId);
            Assert.Contains("has 11 characters", refusal.Message);
            // Eleven accented letters typed decomposed are 22 UTF-16 units, still 11 characters.
            var decomposed = new string('e', 11).Replace("e", "e\u0301");
            Assert.Equal(StoreKeyException.PassphraseTooShortId, Assert.Throws<StoreKeyException>(() => StoreKeyEscrow.Wrap(NewKey(), decomposed, StoreId, Cheap)).ErrorId);

            var storeKey = NewKey();
            Assert.Equal(storeKey, StoreKeyEscrow.Unwrap(StoreKeyEscrow.Wrap(storeKey, "twelve chars", StoreId, Cheap), "twelve chars", StoreId));
        }

        [Fact]
        public void A_passphrase_opens_its_escrow_however_the_keyboard_composed_its_accents()
        {
            var storeKey = NewKey();
            var escrow = StoreKeyEscrow.Wrap(storeKey, "Mot de passe d\u00e9j\u00e0 vu", StoreId, Cheap);

            Assert.Equal(storeKey, StoreKeyEscrow.Unwrap(escrow, "Mot de passe de\u0301ja\u0300 vu", StoreId));
        }

        [Theory]
        [InlineData(MemoryAt, 4u * 1024 * 1024)] // 4 GiB
        [InlineData(MemoryAt, 1024u * 1024 + 1)]
        [InlineData(MemoryAt, 8u)]
        [InlineData(MemoryAt, 0u)]
        [InlineData(PassesAt, 11u)]
        [InlineData(PassesAt, 1000u)]
        [InlineData(PassesAt, 0u)]
        [InlineData(LanesAt, 9u)]
        [InlineData(LanesAt, 0xFFFFFFFFu)]
        [InlineData(LanesAt, 0u)]
        public void A_blob_asking_for_a_cost_out_of_bounds_is_refused_before_any_work(int at, uint value)
        {
            var escrow = StoreKeyEscrow.Wrap(NewKey(), Passphrase, StoreId, Cheap);
            PutUInt32(escrow, at, value);

            var refusal = Refusal(() => StoreKeyEscrow.Unwrap(escrow, Passphrase, StoreId, NoWorkExpected));
            Assert.Equal(StoreKeyException.EscrowUnsupportedId, refusal.ErrorId);
            Assert.Contains("before any work", refusal.Message);
        }

        [Theory]
        [InlineData(VersionAt, 2, StoreKeyException.EscrowUnsupportedId)]
        [InlineData(KdfAt, 2, StoreKeyException.EscrowUnsupportedId)]
        [InlineData(0, (byte)'X', StoreKeyException.EscrowDamagedId)]
        [InlineData(SaltAt - 1, 8, StoreKeyException.EscrowDamagedId)]
        [InlineData(StoreIdAt, (byte)'/', StoreKeyException.EscrowDamagedId)]
        public void A_blob_of_another_version_kdf_or_shape_is_refused_before_any_work(int at, byte value, string errorId)
        {
            var escrow = StoreKeyEscrow.Wrap(NewKey(), Passphrase, StoreId, Cheap);
            escrow[at] = value;

            Assert.Equal(errorId, Refusal(() => StoreKeyEscrow.Unwrap(escrow, Passphrase, StoreId, NoWorkExpected)).ErrorId);
        }

        [Fact]
        public void A_blob_cut_short_anywhere_or_with_octets_after_its_end_is_refused_as_damaged()
        {
            var escrow = StoreKeyEscrow.Wrap(NewKey(), Passphrase, StoreId, Cheap);
            for (int length = 0; length < escrow.Length; length++)
            {
                var cut = new byte[length];
                Buffer.BlockCopy(escrow, 0, cut, 0, length);
                Assert.Equal(StoreKeyException.EscrowDamagedId, Refusal(() => StoreKeyEscrow.Unwrap(cut, Passphrase, StoreId, NoWorkExpected)).ErrorId);
            }
            var longer = new byte[escrow.Length + 1];
            Buffer.BlockCopy(escrow, 0, longer, 0, escrow.Length);
            Assert.Equal(StoreKeyException.EscrowDamagedId, Refusal(() => StoreKeyEscrow.Unwrap(longer, Passphrase, StoreId, NoWorkExpected)).ErrorId);
        }

        [Theory]
        [InlineData("")]
        [InlineData("../other")]
        [InlineData("a b")]
        [InlineData("store\u00e9")]
        public void A_store_id_that_could_be_a_path_or_differ_by_encoding_is_refused(string storeId)
        {
            Assert.Equal(StoreKeyException.StoreIdInvalidId, Assert.Throws<StoreKeyException>(() => StoreKeyEscrow.Wrap(NewKey(), Passphrase, storeId, Cheap)).ErrorId);
        }

        // The reference implementation's Argon2id vector (phc-winner-argon2 test.c): "password", "somesalt", t=2, m=2^16 KiB, p=1.
        [Fact]
        public void The_kdf_is_Argon2id_version_1_3_as_the_reference_implementation_computes_it()
        {
            var derived = Argon2idKdf.Derive(Encoding.UTF8.GetBytes("password"), Encoding.UTF8.GetBytes("somesalt"), new Argon2idCost(65536, 2, 1), 32);

            Assert.Equal(Hex.Parse("09316115d5cf24ed5a15a31a3ba326e5cf32edc24702987c02b6566f61913cf7"), derived);
        }

        private static int IndexOf(byte[] haystack, byte[] needle)
        {
            for (int i = 0; i + needle.Length <= haystack.Length; i++)
            {
                int j = 0;
                while (j < needle.Length && haystack[i + j] == needle[j]) j++;
                if (j == needle.Length) return i;
            }
            return -1;
        }
    }
}
