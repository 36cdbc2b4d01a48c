using System;
using System.IO;
using System.Net.Http;
using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using Org.BouncyCastle.Asn1.X509;
using Org.BouncyCastle.Crypto;
using Org.BouncyCastle.Crypto.Generators;
using Org.BouncyCastle.Crypto.Operators;
using Org.BouncyCastle.Math;
using Org.BouncyCastle.Pkcs;
using Org.BouncyCastle.Security;
using Org.BouncyCastle.X509;

// X509CertificateLoader, which .NET 9+ would have instead, is not in .NET Framework or Mono; these bytes are the test's own.
#pragma warning disable SYSLIB0057

namespace RasMfa.Engine.Tests.Delivery
{
    /// <summary>
    /// A CA made for one test and a loopback server certificate it signed; trusted only by the handler this class makes,
    /// never by the machine, so the code under test still validates a real chain over real TLS.
    /// </summary>
    public sealed class TestCertificateAuthority : IDisposable
    {
        private readonly X509Certificate2 _ca;

        // Made with BouncyCastle (which the engine already uses): Mono, which runs the net472 build, has no CertificateRequest.
        public TestCertificateAuthority()
        {
            var random = new SecureRandom();
            var caKey = NewKey(random);
            var caName = new X509Name("CN=RasMfa test CA");
            var ca = NewCertificate(random, caName, caName, caKey.Public);
            ca.AddExtension(X509Extensions.BasicConstraints, true, new BasicConstraints(true));
            ca.AddExtension(X509Extensions.KeyUsage, true, new KeyUsage(KeyUsage.KeyCertSign | KeyUsage.CrlSign));
            var caCertificate = ca.Generate(new Asn1SignatureFactory("SHA256WITHRSA", caKey.Private, random));
            _ca = new X509Certificate2(caCertificate.GetEncoded());

            var serverKey = NewKey(random);
            var server = NewCertificate(random, caName, new X509Name("CN=127.0.0.1"), serverKey.Public);
            server.AddExtension(X509Extensions.BasicConstraints, true, new BasicConstraints(false));
            server.AddExtension(X509Extensions.SubjectAlternativeName, false, new GeneralNames(new[]
            {
                new GeneralName(GeneralName.IPAddress, "127.0.0.1"),
                new GeneralName(GeneralName.DnsName, "localhost"),
            }));
            server.AddExtension(X509Extensions.ExtendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeID.id_kp_serverAuth));
            var serverCertificate = server.Generate(new Asn1SignatureFactory("SHA256WITHRSA", caKey.Private, random));

            // Through PKCS#12, so the key is one SslStream can use on every platform.
            var pkcs12 = new Pkcs12StoreBuilder().Build();
            pkcs12.SetKeyEntry("server", new AsymmetricKeyEntry(serverKey.Private), new[] { new X509CertificateEntry(serverCertificate) });
            using var file = new MemoryStream();
            pkcs12.Save(file, "test".ToCharArray(), random);
            ServerCertificate = new X509Certificate2(file.ToArray(), "test", X509KeyStorageFlags.Exportable);
        }

        private static AsymmetricCipherKeyPair NewKey(SecureRandom random)
        {
            var generator = new RsaKeyPairGenerator();
            generator.Init(new KeyGenerationParameters(random, 2048));
            return generator.GenerateKeyPair();
        }

        private static X509V3CertificateGenerator NewCertificate(SecureRandom random, X509Name issuer, X509Name subject, AsymmetricKeyParameter publicKey)
        {
            var generator = new X509V3CertificateGenerator();
            generator.SetSerialNumber(new BigInteger(63, random).Add(BigInteger.One));
            generator.SetIssuerDN(issuer);
            generator.SetSubjectDN(subject);
            generator.SetNotBefore(DateTime.UtcNow.AddMinutes(-5));
            generator.SetNotAfter(DateTime.UtcNow.AddDays(1));
            generator.SetPublicKey(publicKey);
            return generator;
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
