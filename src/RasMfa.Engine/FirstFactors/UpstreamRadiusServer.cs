using System;

namespace RasMfa.Engine.FirstFactors
{
    /// <summary>A RADIUS server that checks passwords for us (NPS, FreeRADIUS); the secret is clear only in memory.</summary>
    public sealed class UpstreamRadiusServer
    {
        public UpstreamRadiusServer(string name, string address, byte[]? sharedSecret)
        {
            Name = name;
            Address = address;
            SharedSecret = sharedSecret;
        }

        public string Name { get; set; }

        /// <summary>An IP address or a host name.</summary>
        public string Address { get; set; }

        public int Port { get; set; } = 1812;

        /// <summary>Null when the stored secret cannot be unsealed (<see cref="Unreadable"/>): such a server is sent nothing.</summary>
        public byte[]? SharedSecret { get; set; }

        /// <summary>
        /// Why the stored secret cannot be unsealed (damaged, or sealed with another key); null when it can. Such a record is
        /// listed, so the admin sees it, but the listener skips it; give it a new secret to bring it back.
        /// </summary>
        public string? Unreadable { get; set; }

        public int TimeoutSeconds { get; set; } = 5;

        public int Retries { get; set; } = 1;

        /// <summary>
        /// Take only replies that carry a valid Message-Authenticator (BlastRADIUS, CVE-2024-3596). Off, an unsigned reply
        /// is taken on its Response Authenticator alone; a signed one is still checked.
        /// </summary>
        public bool RequireMessageAuthenticator { get; set; } = true;

        public DateTime CreatedUtc { get; set; } = DateTime.UtcNow;

        public DateTime ModifiedUtc { get; set; } = DateTime.UtcNow;
    }
}
