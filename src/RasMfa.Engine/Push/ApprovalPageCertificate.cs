using System;
using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace RasMfa.Engine.Push
{
    /// <summary>The approval page's TLS certificate: the admin's PFX, or for a lab a self-signed one for loopback made at start.</summary>
    public static class ApprovalPageCertificate
    {
        public static X509Certificate2 FromPfx(string path, string? password) =>
            new X509Certificate2(path, password);

        /// <summary>A one-day certificate for localhost and 127.0.0.1, its key never written anywhere: labs and tests only.</summary>
        public static X509Certificate2 SelfSignedLoopback()
        {
            using var key = RSA.Create(2048);
            var request = new CertificateRequest("CN=RasMfa approval page (loopback)", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
            var names = new SubjectAlternativeNameBuilder();
            names.AddDnsName("localhost");
            names.AddIpAddress(IPAddress.Loopback);
            request.CertificateExtensions.Add(names.Build());
            request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension(new OidCollection { new Oid("1.3.6.1.5.5.7.3.1") }, false));
            using var made = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddDays(1));
            // Through PFX bytes: SChannel cannot use the key of a certificate made in memory.
            return new X509Certificate2(made.Export(X509ContentType.Pfx));
        }
    }
}
