using System.Collections.Generic;

namespace RasMfa.Engine.Tokens
{
    /// <summary>A new TOTP enrolment: the secret shown once, as text, otpauth URI and (optionally) a QR code file.</summary>
    public sealed class TotpRegistration
    {
        public TotpRegistration(string userName, string serial, string secret, string otpAuthUri, IReadOnlyList<string> replacedSerials)
        {
            UserName = userName;
            Serial = serial;
            Secret = secret;
            OtpAuthUri = otpAuthUri;
            ReplacedSerials = replacedSerials;
        }

        public string UserName { get; }
        public string Serial { get; }

        /// <summary>Base32, as authenticator apps take it when typed in. Shown this once; never stored in clear.</summary>
        public string Secret { get; }

        public string OtpAuthUri { get; }
        /// <summary>The tokens -Force removed (none when the new token was added beside the user's others).</summary>
        public IReadOnlyList<string> ReplacedSerials { get; }
        public string? QrCodePath { get; set; }
    }
}
