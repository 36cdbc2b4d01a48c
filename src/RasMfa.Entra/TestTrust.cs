using System.Linq;
using System.Net.Http;
using System.Net.Security;
using System.Security.Cryptography.X509Certificates;

namespace RasMfa.Entra
{
    /// <summary>
    /// The HTTP transport: the machine's trust store for a real cloud; for tests, a handler that takes only certificates
    /// chaining to the test's CA (and naming the host), so the test CA is never trusted by anything else in the process.
    /// </summary>
    internal static class TestTrust
    {
        public static HttpMessageHandler Handler(X509Certificate2? trustedCa)
        {
            var handler = new HttpClientHandler { AllowAutoRedirect = false };
            if (trustedCa == null) return handler;
            handler.ServerCertificateCustomValidationCallback = (request, certificate, chain, errors) =>
                certificate != null && ChainsTo(certificate, trustedCa) && (errors & SslPolicyErrors.RemoteCertificateNameMismatch) == 0;
            return handler;
        }

        private static bool ChainsTo(X509Certificate2 certificate, X509Certificate2 ca)
        {
            using var chain = new X509Chain();
            chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
            chain.ChainPolicy.VerificationFlags = X509VerificationFlags.AllowUnknownCertificateAuthority;
            chain.ChainPolicy.ExtraStore.Add(ca);
            if (!chain.Build(certificate)) return false;
            var root = chain.ChainElements[chain.ChainElements.Count - 1].Certificate;
            // Unknown-authority is allowed only for this root: every other status still fails the chain.
            return root.RawData.SequenceEqual(ca.RawData) && chain.ChainStatus.All(s => s.Status == X509ChainStatusFlags.UntrustedRoot || s.Status == X509ChainStatusFlags.NoError);
        }
    }
}
