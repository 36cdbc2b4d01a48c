using System;
using System.Buffers;
using System.Security.Cryptography;

namespace RasMfa.Engine.Radius
{
    /// <summary>
    /// MD5 and HMAC-MD5 as RADIUS signs and hides with them, without an object per packet: .NET's one-shots where they
    /// exist; on .NET Framework, which has none, one instance per thread (HMAC keyed again for each packet).
    /// </summary>
    internal static class RadiusHash
    {
        public const int Length = 16;

        // Inputs up to this many octets are put together on the stack; longer ones (a whole packet) in a pooled array.
        private const int StackLimit = 512;

        public static void Md5(ReadOnlySpan<byte> source, Span<byte> destination)
        {
#if NET
            MD5.HashData(source, destination);
#else
            var md5 = _md5 ??= MD5.Create();
            // The input may hold the shared secret (PAP's mask, the Response Authenticator): its heap copy is cleared too.
            var copy = source.ToArray();
            try
            {
                md5.ComputeHash(copy).CopyTo(destination);
            }
            finally
            {
                Array.Clear(copy, 0, copy.Length);
            }
#endif
        }

        /// <summary>MD5 over the three parts one after another (a part may be empty); the copy they are put together in is cleared.</summary>
        public static void Md5(ReadOnlySpan<byte> first, ReadOnlySpan<byte> second, ReadOnlySpan<byte> third, Span<byte> destination)
        {
            int length = first.Length + second.Length + third.Length;
            byte[]? rented = null;
            Span<byte> input = length <= StackLimit ? stackalloc byte[StackLimit] : (rented = ArrayPool<byte>.Shared.Rent(length));
            input = input.Slice(0, length);
            try
            {
                first.CopyTo(input);
                second.CopyTo(input.Slice(first.Length));
                third.CopyTo(input.Slice(first.Length + second.Length));
                Md5(input, destination);
            }
            finally
            {
                input.Clear();
                if (rented != null) ArrayPool<byte>.Shared.Return(rented);
            }
        }

        public static void HmacMd5(byte[] key, ReadOnlySpan<byte> source, Span<byte> destination)
        {
#if NET
            HMACMD5.HashData(key, source, destination);
#else
            var hmac = _hmacMd5 ??= new HMACMD5();
            hmac.Key = key;
            hmac.ComputeHash(source.ToArray()).CopyTo(destination);
#endif
        }

#if !NET
        // Hash objects are not thread-safe: each thread keeps its own, so no lock is taken on the packet path.
        [ThreadStatic] private static MD5? _md5;
        [ThreadStatic] private static HMACMD5? _hmacMd5;
#endif
    }
}
