using System;
using System.Net;
using System.Net.Http;
using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace RasMfa.Engine.Tests.Delivery
{
    /// <summary>
    /// A CA made for one test and a loopback server certificate it signed; trusted only by the handler this class makes,
    /// never by the machine, so the code under test still validates a real chain over real TLS.
    /// </summary>
    public sealed class TestCertificateAuthority : IDisposable
    {
        private readonly X509Certificate2 _ca;

        public TestCertificateAuthority()
        {
            using var caKey = RSA.Create(2048);
            var caRequest = new CertificateRequest("CN=RasMfa test CA", caKey, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
            caRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
            caRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
            var now = DateTimeOffset.UtcNow;
            using var caSelfSigned = caRequest.CreateSelfSigned(now.AddMinutes(-5), now.AddDays(1));
            _ca = new X509Certificate2(caSelfSigned.Export(X509ContentType.Pfx, ""), "", X509KeyStorageFlags.Exportable);

            using var serverKey = RSA.Create(2048);
            var serverRequest = new CertificateRequest("CN=127.0.0.1", serverKey, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
            var names = new SubjectAlternativeNameBuilder();
            names.AddIpAddress(IPAddress.Loopback);
            names.AddDnsName("localhost");
            serverRequest.CertificateExtensions.Add(names.Build());
            serverRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, false));
            serverRequest.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension(new OidCollection { new Oid("1.3.6.1.5.5.7.3.1") }, false));
            var serial = new byte[8];
            using (var random = RandomNumberGenerator.Create()) random.GetBytes(serial);
            serial[0] &= 0x7f;
            using var signed = serverRequest.Create(_ca, now.AddMinutes(-5), now.AddHours(12), serial);
            using var withKey = signed.CopyWithPrivateKey(serverKey);
            // Through PFX, so the key is one SslStream can use on every platform (an ephemeral one is not, on Windows).
            ServerCertificate = new X509Certificate2(withKey.Export(X509ContentType.Pfx, ""), "", X509KeyStorageFlags.Exportable);
        }

        public X509Certificate2 ServerCertificate { get; }

        /// <summary>
        /// A handler that trusts a server certificate only when it chains to this CA (and names the host); with
        /// <paramref name="redirectTo"/>, every request goes to that loopback stub instead of the host the SDK named.
        /// </summary>
        public HttpMessageHandler Handler(LoopbackHttpStub? redirectTo = null)
        {
            var inner = new HttpClientHandler { ServerCertificateCustomValidationCallback = Validate };
            return redirectTo == null ? inner : new RedirectingHandler(inner, redirectTo.Port);
        }

        private bool Validate(HttpRequestMessage request, X509Certificate2? certificate, X509Chain? _, SslPolicyErrors errors)
        {
            if (certificate == null || (errors & SslPolicyErrors.RemoteCertificateNameMismatch) != 0 || (errors & SslPolicyErrors.RemoteCertificateNotAvailable) != 0) return false;
            using var chain = new X509Chain();
            chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
            chain.ChainPolicy.ExtraStore.Add(_ca);
            chain.ChainPolicy.VerificationFlags = X509VerificationFlags.AllowUnknownCertificateAuthority;
            if (!chain.Build(certificate)) return false;
            var root = chain.ChainElements[chain.ChainElements.Count - 1].Certificate;
            return root.Thumbprint == _ca.Thumbprint;
        }

        public void Dispose()
        {
            _ca.Dispose();
            ServerCertificate.Dispose();
        }

        /// <summary>Sends what the SDK addressed to its API host to the loopback stub, path and query unchanged.</summary>
        private sealed class RedirectingHandler : DelegatingHandler
        {
            private readonly int _port;

            public RedirectingHandler(HttpMessageHandler inner, int port) : base(inner) => _port = port;

            protected override System.Threading.Tasks.Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, System.Threading.CancellationToken cancellationToken)
            {
                var target = new UriBuilder(request.RequestUri!) { Scheme = "https", Host = "127.0.0.1", Port = _port };
                request.Headers.Host = null;
                request.RequestUri = target.Uri;
                return base.SendAsync(request, cancellationToken);
            }
        }
    }
}
