using System;
using System.Net;
using System.Security.Cryptography.X509Certificates;

namespace RasMfa.Engine.Push
{
    /// <summary>Where the approval page listens, the certificate it serves, and the base of the links the notifications carry.</summary>
    public sealed class ApprovalPageOptions
    {
        public ApprovalPageOptions(IPAddress address, int port, X509Certificate2 certificate, Uri publicBaseUrl)
        {
            Address = address;
            Port = port;
            Certificate = certificate;
            PublicBaseUrl = publicBaseUrl;
        }

        public IPAddress Address { get; }

        /// <summary>0 lets the system choose (tests); <see cref="ApprovalPageServer.Port"/> says which.</summary>
        public int Port { get; }

        public X509Certificate2 Certificate { get; }

        /// <summary>What users' phones reach the page by (a reverse proxy's name, a public host name): the links start with it.</summary>
        public Uri PublicBaseUrl { get; }

        /// <summary>Requests one source address may make a minute; more are answered 429 without reading the store.</summary>
        public int RequestsPerMinutePerSource { get; set; } = 30;

        /// <summary>The link for <paramref name="token"/>.</summary>
        public string LinkFor(string token) => PublicBaseUrl.AbsoluteUri.TrimEnd('/') + "/approve/" + token;
    }
}
