using System;
using System.Net;
using System.Security.Cryptography.X509Certificates;

namespace RasMfa.Engine.Push
{
    /// <summary>Where the approval page listens and the certificate it serves, as the server is started with them.</summary>
    public sealed class ApprovalPageOptions
    {
        public ApprovalPageOptions(IPAddress address, int port, X509Certificate2 certificate)
        {
            Address = address;
            Port = port;
            Certificate = certificate;
        }

        /// <summary>The options <paramref name="page"/> describes: its PFX opened, or a self-signed loopback certificate made now.</summary>
        public static ApprovalPageOptions From(ApprovalPageDefinition page)
        {
            var certificate = page.CertificatePath == null
                ? ApprovalPageCertificate.SelfSignedLoopback()
                : ApprovalPageCertificate.FromPfx(page.CertificatePath, page.CertificatePassword == null ? null : System.Text.Encoding.UTF8.GetString(page.CertificatePassword));
            return new ApprovalPageOptions(IPAddress.Parse(page.Address), page.Port, certificate);
        }

        public IPAddress Address { get; }

        /// <summary>0 lets the system choose (tests); <see cref="ApprovalPageServer.Port"/> says which.</summary>
        public int Port { get; }

        public X509Certificate2 Certificate { get; }

        /// <summary>Requests one source address may make a minute; more are answered 429 without reading the store.</summary>
        public int RequestsPerMinutePerSource { get; set; } = 30;

        /// <summary>
        /// Connections open at once from one source address (an IPv6 /64); more are closed at once. A user's browser opens a
        /// few; many phones behind one carrier-grade NAT share an address, hence room for several users.
        /// </summary>
        public int ConnectionsPerSource { get; set; } = 32;

        /// <summary>Connections open at once in all.</summary>
        public long MaxConnections { get; set; } = 1000;
    }
}
