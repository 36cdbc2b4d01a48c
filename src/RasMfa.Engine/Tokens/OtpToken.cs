using System;

namespace RasMfa.Engine.Tokens
{
    public enum OtpTokenType
    {
        Totp,
        Hotp,
    }

    public enum OtpAlgorithm
    {
        Sha1,
        Sha256,
        Sha512,
    }

    /// <summary>An OATH token: an authenticator app's TOTP secret or a hardware token's. The secret is clear only in memory.</summary>
    public sealed class OtpToken
    {
        public OtpToken(string serial, OtpTokenType type, byte[] secret)
        {
            Serial = serial;
            Type = type;
            Secret = secret;
        }

        public long Id { get; set; }

        public string Serial { get; set; }

        public long? UserId { get; set; }

        /// <summary>Filled when read with its user, for display.</summary>
        public string? UserName { get; set; }

        public OtpTokenType Type { get; set; }

        public byte[] Secret { get; set; }

        public OtpAlgorithm Algorithm { get; set; } = OtpAlgorithm.Sha1;

        public int Digits { get; set; } = 6;

        /// <summary>TOTP time step in seconds.</summary>
        public int Period { get; set; } = 30;

        /// <summary>HOTP: the next counter value expected.</summary>
        public long Counter { get; set; }

        /// <summary>TOTP: the last time step accepted; no code of this step or before is accepted again.</summary>
        public long? LastUsedStep { get; set; }

        /// <summary>TOTP: how many steps the token's clock runs ahead (+) or behind (-), as last seen.</summary>
        public int DriftSteps { get; set; }

        public DateTime CreatedUtc { get; set; } = DateTime.UtcNow;
    }
}
