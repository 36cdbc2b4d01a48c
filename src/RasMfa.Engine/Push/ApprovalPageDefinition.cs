using System;

namespace RasMfa.Engine.Push
{
    /// <summary>
    /// The approval page as the admin set it (Set-RasMfaApprovalPage): where it listens, its certificate (a PFX and its
    /// password, sealed at rest; or none for a self-signed loopback certificate made at start, for labs), and the public
    /// base URL the links start with.
    /// </summary>
    public sealed class ApprovalPageDefinition
    {
        public ApprovalPageDefinition(string address, int port, string publicUrl, string? certificatePath, byte[]? certificatePassword)
        {
            Address = address;
            Port = port;
            PublicUrl = publicUrl;
            CertificatePath = certificatePath;
            CertificatePassword = certificatePassword;
        }

        /// <summary>The local address to listen on ("0.0.0.0", "127.0.0.1", "::").</summary>
        public string Address { get; }

        public int Port { get; }

        /// <summary>https://... as users' phones reach the page.</summary>
        public string PublicUrl { get; }

        /// <summary>The PFX file; null: a self-signed certificate for loopback, made at every start (only on a loopback address).</summary>
        public string? CertificatePath { get; }

        /// <summary>In clear, in memory only; null when the PFX has none (or the sealed value could not be opened: see <see cref="Unreadable"/>).</summary>
        public byte[]? CertificatePassword { get; }

        public string? Unreadable { get; set; }

        public DateTime ModifiedUtc { get; set; } = DateTime.UtcNow;

        /// <summary>Why the page cannot be served as set, in words for the admin; null when it can.</summary>
        public string? Invalidity()
        {
            if (!System.Net.IPAddress.TryParse(Address, out var address)) return $"'{Address}' is not an IP address.";
            if (Port < 1 || Port > 65535) return "Port must be from 1 to 65535.";
            if (!Uri.TryCreate(PublicUrl, UriKind.Absolute, out var url) || url.Scheme != Uri.UriSchemeHttps || url.Query.Length > 0 || url.Fragment.Length > 0)
                return "PublicUrl must be an absolute https URL without a query or fragment.";
            if (CertificatePath == null && !System.Net.IPAddress.IsLoopback(address))
                return "Without a certificate the page uses a self-signed one for labs, which only listens on a loopback address: give -CertificatePath.";
            return null;
        }

        /// <summary>The link for <paramref name="token"/>.</summary>
        public string LinkFor(string token) => PublicUrl.TrimEnd('/') + "/approve/" + token;
    }
}
