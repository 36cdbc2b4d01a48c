using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace RasMfa.Engine.Delivery.Smtp
{
    /// <summary>
    /// Whether the mail server's certificate is trusted: by the system's trust store and the host name (the default), or,
    /// when the admin pinned one, by its SHA-256 hash alone (an internal relay whose CA this machine does not trust).
    /// </summary>
    internal sealed class SmtpServerCertificateCheck
    {
        private readonly string? _pinnedSha256;

        public SmtpServerCertificateCheck(string? pinnedThumbprint) =>
            _pinnedSha256 = pinnedThumbprint == null ? null : SmtpSettings.NormalizeThumbprint(pinnedThumbprint);

        /// <summary>Why the last certificate was refused, for the failure's words; null when none was.</summary>
        public string? Refusal { get; private set; }

        public bool Validate(object sender, X509Certificate? certificate, X509Chain? chain, SslPolicyErrors errors)
        {
            if (certificate == null)
            {
                Refusal = "the mail server showed no certificate";
                return false;
            }
            if (_pinnedSha256 != null)
            {
                if (Sha256Hex(certificate) == _pinnedSha256) return true;
                Refusal = "the mail server's certificate does not match the pinned thumbprint";
                return false;
            }
            if (errors == SslPolicyErrors.None) return true;
            Refusal = $"the mail server's certificate is not trusted ({errors}); trust its CA on this machine or pin its thumbprint";
            return false;
        }

        public static string Sha256Hex(X509Certificate certificate)
        {
            using var sha = SHA256.Create();
            var hash = sha.ComputeHash(certificate.GetRawCertData());
            var text = new System.Text.StringBuilder(hash.Length * 2);
            foreach (var b in hash) text.Append(b.ToString("X2"));
            return text.ToString();
        }
    }
}
