using System;
using System.Security.Cryptography;
using System.Text;
using RasMfa.Engine.Radius;
using RasMfa.Engine.Security;

namespace RasMfa.Engine.Storage.Export
{
    /// <summary>
    /// The key a configuration file's body is sealed with, derived from the admin's passphrase as the store key's escrow
    /// derives its own (Argon2id over the passphrase in NFC UTF-8, a salt per file), then split with HMAC-SHA-256 into the
    /// AES-256-GCM key and a check value kept in the header. The check value tells a wrong passphrase (refused at once) from
    /// a body damaged later; it lets a guesser test passphrases no faster than the first segment would, at Argon2id's cost.
    /// </summary>
    internal sealed class ConfigurationFileKey : IDisposable
    {
        private static readonly byte[] EncryptionLabel = Encoding.ASCII.GetBytes("RasMfa configuration file: encryption key");
        private static readonly byte[] CheckLabel = Encoding.ASCII.GetBytes("RasMfa configuration file: passphrase check");

        private ConfigurationFileKey(byte[] encryption, byte[] check)
        {
            Encryption = encryption;
            Check = check;
        }

        /// <summary>The AES-256-GCM key of every segment.</summary>
        public byte[] Encryption { get; }

        public byte[] Check { get; }

        /// <summary>A new file's key: a fresh salt, the cost given; the header to write with it.</summary>
        public static (ConfigurationFileKey Key, ConfigurationFileHeader Header) ForNewFile(string passphrase, Argon2idCost cost, int segmentOctets)
        {
            var salt = RandomOctets(16);
            var key = Derive(passphrase, salt, cost);
            return (key, new ConfigurationFileHeader(cost, salt, segmentOctets, RandomOctets(ConfigurationFileHeader.NoncePrefixLength), (byte[])key.Check.Clone()));
        }

        /// <summary>The key of an existing file, once its header was read (and bounded); ConfigurationPassphraseWrong when the passphrase is not its.</summary>
        public static ConfigurationFileKey ForFile(string passphrase, ConfigurationFileHeader header)
        {
            var key = Derive(passphrase, header.Salt, header.Cost);
            if (ConstantTime.AreEqual(key.Check, header.Check)) return key;
            key.Dispose();
            throw ConfigurationFileErrors.PassphraseWrong();
        }

        public void Dispose()
        {
            Array.Clear(Encryption, 0, Encryption.Length);
            Array.Clear(Check, 0, Check.Length);
        }

        private static ConfigurationFileKey Derive(string passphrase, byte[] salt, Argon2idCost cost)
        {
            if (passphrase == null) throw new ArgumentNullException(nameof(passphrase));
            var password = Encoding.UTF8.GetBytes(passphrase.Normalize(NormalizationForm.FormC));
            var master = Argon2idKdf.Derive(password, salt, cost, AesGcmLayout.KeyLength);
            try
            {
                using var hmac = new HMACSHA256(master);
                var encryption = hmac.ComputeHash(EncryptionLabel);
                var check = hmac.ComputeHash(CheckLabel);
                return new ConfigurationFileKey(encryption, check);
            }
            finally
            {
                Array.Clear(master, 0, master.Length);
                Array.Clear(password, 0, password.Length);
            }
        }

        private static byte[] RandomOctets(int length)
        {
            var bytes = new byte[length];
            using (var random = RandomNumberGenerator.Create()) random.GetBytes(bytes);
            return bytes;
        }
    }
}
