using RasMfa.Engine.Push;

namespace RasMfa.Cmdlets.Push
{
    /// <summary>The approval page as Get-/Set-RasMfaApprovalPage show it (never the certificate's password).</summary>
    public sealed class RasMfaApprovalPage
    {
        internal RasMfaApprovalPage(ApprovalPageDefinition page)
        {
            Address = page.Address;
            Port = page.Port;
            PublicUrl = page.PublicUrl;
            CertificatePath = page.CertificatePath;
            SelfSignedLoopback = page.CertificatePath == null;
            HasCertificatePassword = page.CertificatePassword != null;
            Unreadable = page.Unreadable;
            ModifiedUtc = page.ModifiedUtc;
        }

        public string Address { get; }

        public int Port { get; }

        public string PublicUrl { get; }

        public string? CertificatePath { get; }

        public bool SelfSignedLoopback { get; }

        public bool HasCertificatePassword { get; }

        public string? Unreadable { get; }

        public System.DateTime ModifiedUtc { get; }
    }
}
