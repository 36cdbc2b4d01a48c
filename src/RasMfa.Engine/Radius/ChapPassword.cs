using System;
using System.Security.Cryptography;

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
            Buffer.BlockCopy(Response(chapIdentifier, password, challenge), 0, value, 1, 16);
            return value;
        }

        /// <summary>The challenge is CHAP-Challenge when present, else the Request Authenticator.</summary>
        public static byte[] ChallengeOf(RadiusPacket request) =>
            request.Find(RadiusAttributeType.ChapChallenge)?.Value ?? request.Authenticator;

        public static bool Verify(byte[] chapPasswordValue, byte[] candidatePassword, byte[] challenge)
        {
            if (chapPasswordValue.Length != 17) return false;
            var expected = Response(chapPasswordValue[0], candidatePassword, challenge);
            return ConstantTime.AreEqual(expected, new ReadOnlySpan<byte>(chapPasswordValue, 1, 16));
        }

        private static byte[] Response(byte chapIdentifier, byte[] password, byte[] challenge)
        {
            var input = new byte[1 + password.Length + challenge.Length];
            input[0] = chapIdentifier;
            Buffer.BlockCopy(password, 0, input, 1, password.Length);
            Buffer.BlockCopy(challenge, 0, input, 1 + password.Length, challenge.Length);
            using var md5 = MD5.Create();
            return md5.ComputeHash(input);
        }
    }
}
