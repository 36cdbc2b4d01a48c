using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using System.Security.Cryptography;
using System.Text;
using System.Threading.Tasks;
using RasMfa.Engine.Security;
using RasMfa.Engine.Storage;
using Xunit;

namespace RasMfa.Engine.Tests.Security
{
    /// <summary>
    /// Issue 16: a token secret is opened at every login with an AES-GCM cipher set up once per key, not one per login.
    /// What is kept is the cipher (the key, which the process holds anyway), never an opened secret; and a key rotated
    /// away has its ciphers disposed, while a thread still using it finishes correctly.
    /// </summary>
    public sealed class CachedCipherTests
    {
        // Counts the ciphers set up and whether each was disposed, around the build's own implementation.
        private sealed class CountingCipher : IAesGcmCipher
        {
            public ConcurrentBag<Tracked> Made { get; } = new ConcurrentBag<Tracked>();

            public void Encrypt(byte[] key, byte[] nonce, byte[] plaintext, byte[] ciphertext, byte[] tag, byte[]? associatedData) =>
                AesGcmLayout.DefaultCipher.Encrypt(key, nonce, plaintext, ciphertext, tag, associatedData);

            public void Decrypt(byte[] key, byte[] nonce, byte[] ciphertext, byte[] tag, byte[] plaintext, byte[]? associatedData) =>
                AesGcmLayout.DefaultCipher.Decrypt(key, nonce, ciphertext, tag, plaintext, associatedData);

            public IKeyedAesGcm WithKey(byte[] key)
            {
                var made = new Tracked(AesGcmLayout.DefaultCipher.WithKey(key));
                Made.Add(made);
                return made;
            }

            public sealed class Tracked : IKeyedAesGcm
            {
                private readonly IKeyedAesGcm _inner;

                public Tracked(IKeyedAesGcm inner) => _inner = inner;

                public bool Disposed { get; private set; }

                public void Encrypt(ReadOnlySpan<byte> nonce, ReadOnlySpan<byte> plaintext, Span<byte> ciphertext, Span<byte> tag)
                {
                    if (Disposed) throw new ObjectDisposedException("cipher");
                    _inner.Encrypt(nonce, plaintext, ciphertext, tag);
                }

                public void Decrypt(ReadOnlySpan<byte> nonce, ReadOnlySpan<byte> ciphertext, ReadOnlySpan<byte> tag, Span<byte> plaintext)
                {
                    if (Disposed) throw new ObjectDisposedException("cipher");
                    _inner.Decrypt(nonce, ciphertext, tag, plaintext);
                }

                public void Dispose()
                {
                    Disposed = true;
                    _inner.Dispose();
                }
            }
        }

        private static byte[] NewKey()
        {
            var key = new byte[AesGcmLayout.KeyLength];
            using (var random = RandomNumberGenerator.Create()) random.GetBytes(key);
            return key;
        }

        private static byte[] Seed(int i) => Encoding.ASCII.GetBytes($"token seed number {i:D4}");

        [Fact]
        public void Many_secrets_opened_in_turn_set_the_cipher_up_once()
        {
            var counting = new CountingCipher();
            var protector = new AesGcmSecretProtector(SealedSecretFormat.StoreKeyAesGcm, NewKey(), counting);
            var sealedSeeds = Enumerable.Range(0, 50).Select(i => protector.Protect(Seed(i))).ToList();
            for (int i = 0; i < sealedSeeds.Count; i++) Assert.Equal(Seed(i), protector.Unprotect(sealedSeeds[i]));
            Assert.Single(counting.Made);
            Assert.Equal(1, protector.Ciphers.Created);
        }

        [Fact]
        public void Secrets_opened_by_many_threads_at_once_each_open_right_and_a_wrong_one_still_fails()
        {
            var counting = new CountingCipher();
            var protector = new AesGcmSecretProtector(SealedSecretFormat.StoreKeyAesGcm, NewKey(), counting);
            var sealedSeeds = Enumerable.Range(0, 64).Select(i => protector.Protect(Seed(i))).ToArray();
            var altered = (byte[])sealedSeeds[0].Clone();
            altered[altered.Length - 1] ^= 1;
            Parallel.For(0, 4000, new ParallelOptions { MaxDegreeOfParallelism = 2 }, i =>
            {
                if (i % 100 == 0) Assert.ThrowsAny<CryptographicException>(() => protector.Unprotect(altered));
                else Assert.Equal(Seed(i % 64), protector.Unprotect(sealedSeeds[i % 64]));
            });
            // About one per thread using it at once (two threads can both find none idle at the same moment), never one per secret.
            Assert.InRange(counting.Made.Count, 1, 40);
        }

        [Fact]
        public void A_disposed_protector_disposes_its_ciphers_and_a_late_use_still_opens_with_a_cipher_disposed_after()
        {
            var counting = new CountingCipher();
            var protector = new AesGcmSecretProtector(SealedSecretFormat.KeyFileAesGcm, NewKey(), counting);
            var sealedSeed = protector.Protect(Seed(1));
            Assert.Equal(Seed(1), protector.Unprotect(sealedSeed));

            protector.Dispose();
            Assert.True(protector.Ciphers.IsDisposed);
            Assert.All(counting.Made, made => Assert.True(made.Disposed));

            // A login that took the key just before it was followed away finishes; nothing set up for it is kept.
            Assert.Equal(Seed(1), protector.Unprotect(sealedSeed));
            Assert.Equal(2, counting.Made.Count);
            Assert.All(counting.Made, made => Assert.True(made.Disposed));
        }

        [Fact]
        public void Following_a_rotated_key_disposes_the_old_key_s_ciphers_and_opens_with_the_new_key()
        {
            var oldCiphers = new CountingCipher();
            var newCiphers = new CountingCipher();
            var oldProtector = new AesGcmSecretProtector(SealedSecretFormat.StoreKeyAesGcm, NewKey(), oldCiphers);
            var newProtector = new AesGcmSecretProtector(SealedSecretFormat.StoreKeyAesGcm, NewKey(), newCiphers);
            Func<string, StoreException> mismatch = why => new StoreException(StoreErrorKind.Unreadable, StoreKeyCheck.MismatchErrorId, why);
            var oldCheckValue = oldProtector.Protect(Seed(0));
            var rotatedCheckValue = newProtector.Protect(Seed(0));
            var follower = new StoreKeyFollower("store", new HeldStoreKey(oldProtector, StoreKeyCheck.Over(oldProtector, oldCheckValue, mismatch), 0),
                () => rotatedCheckValue, stored => (newProtector, StoreKeyCheck.Over(newProtector, stored, mismatch)), logger: null);
            var sealedWithOld = oldProtector.Protect(Seed(7));
            Assert.Equal(Seed(7), follower.Held.Protector.Unprotect(sealedWithOld));
            Assert.NotEmpty(oldCiphers.Made);

            follower.Check(); // the store's check value is now sealed with the rotated key

            Assert.Same(newProtector, follower.Held.Protector);
            Assert.True(oldProtector.Ciphers.IsDisposed);
            Assert.All(oldCiphers.Made, made => Assert.True(made.Disposed));
            Assert.Equal(Seed(8), follower.Held.Protector.Unprotect(newProtector.Protect(Seed(8))));
            Assert.False(newProtector.Ciphers.IsDisposed);
            Assert.All(newCiphers.Made, made => Assert.False(made.Disposed));
        }
    }
}
