using System;

namespace RasMfa.Engine.Entra
{
    /// <summary>How the RasMfa application proves itself to Entra ID.</summary>
    public enum EntraCredentialKind
    {
        /// <summary>A client secret, sealed in the store.</summary>
        ClientSecret,

        /// <summary>A certificate with its private key in the Windows machine store, found by thumbprint.</summary>
        CertificateThumbprint,

        /// <summary>A PFX file, its password sealed in the store.</summary>
        CertificateFile,
    }

    /// <summary>An Entra ID tenant that users are read from, through an application registered in it.</summary>
    public sealed class EntraTenantDefinition
    {
        public EntraTenantDefinition(string name, string tenantId, string clientId)
        {
            Name = name;
            TenantId = tenantId;
            ClientId = clientId;
        }

        public string Name { get; set; }

        /// <summary>The directory (tenant) id, a GUID, or a verified domain name.</summary>
        public string TenantId { get; set; }

        /// <summary>The application (client) id, a GUID.</summary>
        public string ClientId { get; set; }

        public EntraCloud Cloud { get; set; } = EntraCloud.Global;

        public EntraCredentialKind CredentialKind { get; set; } = EntraCredentialKind.ClientSecret;

        public string? CertificateThumbprint { get; set; }

        public string? CertificatePath { get; set; }

        /// <summary>The client secret, or the PFX file's password (none for a machine-store certificate); never shown.</summary>
        public byte[]? Secret { get; set; }

        /// <summary>Why the sealed secret could not be read on this machine, or null.</summary>
        public string? Unreadable { get; set; }

        /// <summary>The groups imported from, as "groupId|attribute" lines, which a sync reads again.</summary>
        public string SyncScopes { get; set; } = "";

        /// <summary>What the last sync left for the next (EntraSyncState, as JSON): each scope's delta links and members.</summary>
        public string SyncState { get; set; } = "";

        /// <summary>How often the listener syncs the tenant's scopes, in minutes; 0 never.</summary>
        public int SyncIntervalMinutes { get; set; }

        public DateTime? LastSyncUtc { get; set; }

        public DateTime CreatedUtc { get; set; } = DateTime.UtcNow;

        public DateTime ModifiedUtc { get; set; } = DateTime.UtcNow;
    }

    /// <summary>What Add-/Set-RasMfaEntraTenant give; null leaves a value as it is.</summary>
    public sealed class EntraTenantChanges
    {
        public string? TenantId { get; set; }
        public string? ClientId { get; set; }
        public EntraCloud? Cloud { get; set; }
        public byte[]? ClientSecret { get; set; }
        public string? CertificateThumbprint { get; set; }
        public string? CertificatePath { get; set; }
        public byte[]? CertificatePassword { get; set; }
        public int? SyncIntervalMinutes { get; set; }
    }
}
