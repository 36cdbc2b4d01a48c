using System;
using System.Security.Cryptography;

namespace RasMfa.Engine.Radius
{
    /// <summary>User-Password hiding (RFC 2865 section 5.2), up to 128 octets.</summary>
    public static class PapPassword
    {
        public const int MaxLength = 128;
        private const int BlockLength = 16;

        public static byte[] Hide(byte[] password, byte[] secret, byte[] requestAuthenticator)
        {
            if (password.Length > MaxLength) throw new ArgumentException($"A PAP password holds at most {MaxLength} octets.", nameof(password));
            int paddedLength = Math.Max(BlockLength, (password.Length + BlockLength - 1) / BlockLength * BlockLength);
            var result = new byte[paddedLength];
            Buffer.BlockCopy(password, 0, result, 0, password.Length);
            var previous = requestAuthenticator;
            using var md5 = MD5.Create();
            for (int block = 0; block < paddedLength; block += BlockLength)
            {
                var mask = Mask(md5, secret, previous);
                for (int i = 0; i < BlockLength; i++) result[block + i] ^= mask[i];
                previous = new byte[BlockLength];
                Buffer.BlockCopy(result, block, previous, 0, BlockLength);
            }
            return result;
        }

        /// <summary>Recovers the password, or null when the value is not a whole number of 16-octet blocks.</summary>
        public static byte[]? Unhide(byte[] hidden, byte[] secret, byte[] requestAuthenticator)
        {
            if (hidden.Length == 0 || hidden.Length % BlockLength != 0 || hidden.Length > MaxLength) return null;
            var result = new byte[hidden.Length];
            var previous = requestAuthenticator;
            using var md5 = MD5.Create();
            for (int block = 0; block < hidden.Length; block += BlockLength)
            {
                var mask = Mask(md5, secret, previous);
                for (int i = 0; i < BlockLength; i++) result[block + i] = (byte)(hidden[block + i] ^ mask[i]);
                previous = new byte[BlockLength];
                Buffer.BlockCopy(hidden, block, previous, 0, BlockLength);
            }
            int length = result.Length;
            while (length > 0 && result[length - 1] == 0) length--;
            var password = new byte[length];
            Buffer.BlockCopy(result, 0, password, 0, length);
            Array.Clear(result, 0, result.Length);
            return password;
        }

        private static byte[] Mask(MD5 md5, byte[] secret, byte[] previous)
        {
            var input = new byte[secret.Length + BlockLength];
            Buffer.BlockCopy(secret, 0, input, 0, secret.Length);
            Buffer.BlockCopy(previous, 0, input, secret.Length, BlockLength);
            return md5.ComputeHash(input);
        }
    }
}
