using System;

namespace RasMfa.Engine.Radius
{
    /// <summary>CHAP (RFC 1994) as RADIUS carries it (RFC 2865 sections 5.3 and 5.40).</summary>
    public static class ChapPassword
    {
        /// <summary>CHAP-Password value: identifier octet then MD5(identifier + password + challenge).</summary>
        public static byte[] Create(byte chapIdentifier, byte[] password, byte[] challenge)
        {
            var value = new byte[17];
            value[0] = chapIdentifier;
            Response(chapIdentifier, password, challenge, value.AsSpan(1));
            return value;
        }

        /// <summary>The challenge is CHAP-Challenge when present, else the Request Authenticator.</summary>
        public static byte[] ChallengeOf(RadiusPacket request) =>
            request.Find(RadiusAttributeType.ChapChallenge)?.Value ?? request.Authenticator;

        public static bool Verify(byte[] chapPasswordValue, ReadOnlySpan<byte> candidatePassword, byte[] challenge)
        {
            if (chapPasswordValue.Length != 17) return false;
            Span<byte> expected = stackalloc byte[RadiusHash.Length];
            Response(chapPasswordValue[0], candidatePassword, challenge, expected);
            return ConstantTime.AreEqual(expected, new ReadOnlySpan<byte>(chapPasswordValue, 1, 16));
        }

        private static void Response(byte chapIdentifier, ReadOnlySpan<byte> password, byte[] challenge, Span<byte> destination)
        {
            Span<byte> identifier = stackalloc byte[1];
            identifier[0] = chapIdentifier;
            RadiusHash.Md5(identifier, password, challenge, destination);
        }
    }
}
