using System;
using System.Security.Cryptography;
using System.Text;
using RasMfa.Engine.Administration;

namespace RasMfa.Engine.Security
{
    /// <summary>
    /// A shared store's 32-octet key wrapped with an admin's passphrase, so that a server joining the store can get the
    /// key without another server's help: AES-256-GCM under a key derived with Argon2id from the passphrase, with the
    /// escrow's header (store id included) as associated data, so an escrow altered, or made for another store, does
    /// not open. The blob describes itself (<see cref="StoreKeyEscrowBlob"/>) so that its cost can be raised later.
    /// </summary>
    public static class StoreKeyEscrow
    {
        /// <summary>The fewest characters (Unicode code points) a passphrase may have: it is all that stands between a copy of the escrow and the store's secrets.</summary>
        public const int MinPassphraseLength = 12;

        private const int SaltLength = 16;

        /// <summary>Wraps <paramref name="storeKey"/> for the store <paramref name="storeId"/> with a new salt and nonce.</summary>
        public static byte[] Wrap(byte[] storeKey, string passphrase, string storeId) => Wrap(storeKey, passphrase, storeId, Argon2idCost.Default);

        internal static byte[] Wrap(byte[] storeKey, string passphrase, string storeId, Argon2idCost cost)
        {
            if (storeKey == null) throw new ArgumentNullException(nameof(storeKey));
            if (storeKey.Length != AesGcmLayout.KeyLength) throw new ArgumentException($"A store key is {AesGcmLayout.KeyLength} octets.", nameof(storeKey));
            StoreIds.Check(storeId);
            if (cost.Invalidity() is string invalidity) throw new ArgumentException("The cost " + invalidity + ".", nameof(cost));
            var password = PassphraseOctets(passphrase);
            int length = CodePoints(passphrase);
            if (length < MinPassphraseLength)
                throw new StoreKeyException(EngineErrorKind.InvalidArgument, StoreKeyException.PassphraseTooShortId,
                    $"The passphrase has {length} characters; it needs at least {MinPassphraseLength}. Anyone who copies the store's database can try " +
                    "passphrases against its escrow without limit, so choose a long one (several unrelated words) and keep it where the store's backups are kept.");
            var salt = RandomOctets(SaltLength);
            var nonce = RandomOctets(AesGcmLayout.NonceLength);
            var header = StoreKeyEscrowBlob.WriteHeader(cost, salt, storeId);
            var wrappingKey = Argon2idKdf.Derive(password, salt, cost, AesGcmLayout.KeyLength);
            var tag = new byte[AesGcmLayout.TagLength];
            var ciphertext = new byte[storeKey.Length];
            try
            {
                AesGcmLayout.DefaultCipher.Encrypt(wrappingKey, nonce, storeKey, ciphertext, tag, header);
            }
            finally
            {
                Array.Clear(wrappingKey, 0, wrappingKey.Length);
                Array.Clear(password, 0, password.Length);
            }
            return StoreKeyEscrowBlob.Join(header, nonce, tag, ciphertext);
        }

        /// <summary>The store key in <paramref name="escrow"/>, or a StoreKeyException saying why it cannot be had.</summary>
        public static byte[] Unwrap(byte[] escrow, string passphrase, string storeId) => Unwrap(escrow, passphrase, storeId, Argon2idKdf.Derive);

        /// <param name="derive">The KDF; tests stand in for it to see that a refused blob costs no work.</param>
        internal static byte[] Unwrap(byte[] escrow, string passphrase, string storeId, Func<byte[], byte[], Argon2idCost, int, byte[]> derive)
        {
            if (escrow == null) throw new ArgumentNullException(nameof(escrow));
            StoreIds.Check(storeId);
            var password = PassphraseOctets(passphrase);
            // Everything the blob says is checked before the KDF takes its memory and time.
            var blob = StoreKeyEscrowBlob.Read(escrow);
            if (!string.Equals(blob.StoreId, storeId, StringComparison.Ordinal))
                throw new StoreKeyException(EngineErrorKind.InvalidArgument, StoreKeyException.EscrowOfAnotherStoreId,
                    $"This escrow holds the key of the store '{blob.StoreId}', not of the store '{storeId}' this server is joining. " +
                    "Use the escrow kept in (or exported from) the store being joined.", target: blob.StoreId);
            var wrappingKey = derive(password, blob.Salt, blob.Cost, AesGcmLayout.KeyLength);
            var storeKey = new byte[AesGcmLayout.KeyLength];
            try
            {
                AesGcmLayout.DefaultCipher.Decrypt(wrappingKey, blob.Nonce, blob.Ciphertext, blob.Tag, storeKey, blob.Header);
                return storeKey;
            }
            catch (CryptographicException e)
            {
                throw new StoreKeyException(EngineErrorKind.InvalidArgument, StoreKeyException.PassphraseWrongId,
                    "The passphrase does not open the store key's escrow: it is not the passphrase the escrow was made with " +
                    "(mind the keyboard layout and Caps Lock), or the escrow was altered since.", e);
            }
            finally
            {
                Array.Clear(wrappingKey, 0, wrappingKey.Length);
                Array.Clear(password, 0, password.Length);
            }
        }

        // One passphrase, one octet string, whichever way a keyboard or system composed its accents (NFC), in UTF-8.
        private static byte[] PassphraseOctets(string passphrase)
        {
            if (passphrase == null) throw new ArgumentNullException(nameof(passphrase));
            return Encoding.UTF8.GetBytes(passphrase.Normalize(NormalizationForm.FormC));
        }

        /// <summary>Characters as a person counts them (Unicode code points after NFC).</summary>
        internal static int CodePoints(string passphrase)
        {
            var normalized = passphrase.Normalize(NormalizationForm.FormC);
            int count = 0;
            for (int i = 0; i < normalized.Length; i++)
            {
                if (char.IsHighSurrogate(normalized[i]) && i + 1 < normalized.Length && char.IsLowSurrogate(normalized[i + 1])) i++;
                count++;
            }
            return count;
        }

        private static byte[] RandomOctets(int length)
        {
            var bytes = new byte[length];
            using (var random = RandomNumberGenerator.Create()) random.GetBytes(bytes);
            return bytes;
        }
    }
}
