using System;

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
            Span<byte> mask = stackalloc byte[BlockLength];
            ReadOnlySpan<byte> previous = requestAuthenticator;
            for (int block = 0; block < paddedLength; block += BlockLength)
            {
                RadiusHash.Md5(secret, previous, ReadOnlySpan<byte>.Empty, mask);
                for (int i = 0; i < BlockLength; i++) result[block + i] ^= mask[i];
                previous = new ReadOnlySpan<byte>(result, block, BlockLength);
            }
            mask.Clear();
            return result;
        }

        /// <summary>Recovers the password, or null when the value is not a whole number of 16-octet blocks.</summary>
        public static byte[]? Unhide(ReadOnlySpan<byte> hidden, byte[] secret, byte[] requestAuthenticator)
        {
            if (hidden.Length == 0 || hidden.Length % BlockLength != 0 || hidden.Length > MaxLength) return null;
            // The clear text is put together on the stack, cleared after: only the password itself leaves, in an array of its own.
            Span<byte> result = stackalloc byte[MaxLength];
            result = result.Slice(0, hidden.Length);
            Span<byte> mask = stackalloc byte[BlockLength];
            ReadOnlySpan<byte> previous = requestAuthenticator;
            for (int block = 0; block < hidden.Length; block += BlockLength)
            {
                RadiusHash.Md5(secret, previous, ReadOnlySpan<byte>.Empty, mask);
                for (int i = 0; i < BlockLength; i++) result[block + i] = (byte)(hidden[block + i] ^ mask[i]);
                previous = hidden.Slice(block, BlockLength);
            }
            int length = result.Length;
            while (length > 0 && result[length - 1] == 0) length--;
            var password = result.Slice(0, length).ToArray();
            result.Clear();
            mask.Clear();
            return password;
        }
    }
}
