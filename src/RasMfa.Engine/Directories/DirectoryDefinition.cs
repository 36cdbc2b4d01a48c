using System;
using System.Collections.Generic;

namespace RasMfa.Engine.Directories
{
    public enum DirectoryType
    {
        ActiveDirectory,
        Ldap,
    }

    public enum DirectorySecurity
    {
        /// <summary>TLS from the first byte, port 636.</summary>
        Ldaps,

        /// <summary>Plain LDAP on 389, upgraded with StartTLS before any bind.</summary>
        StartTls,

        /// <summary>No encryption: passwords cross the network in clear. Only when set explicitly.</summary>
        None,
    }

    /// <summary>An Active Directory domain or LDAP directory that checks passwords and supplies users.</summary>
    public sealed class DirectoryDefinition
    {
        public DirectoryDefinition(string name, DirectoryType type, IReadOnlyList<string> servers)
        {
            Name = name;
            Type = type;
            Servers = servers;
        }

        public string Name { get; set; }

        public DirectoryType Type { get; set; }

        /// <summary>Host names or addresses, tried in order.</summary>
        public IReadOnlyList<string> Servers { get; set; }

        /// <summary>Null: 636 for LDAPS, 389 otherwise.</summary>
        public int? Port { get; set; }

        public DirectorySecurity Security { get; set; } = DirectorySecurity.Ldaps;

        /// <summary>Where users are searched; null reads the directory's default naming context.</summary>
        public string? BaseDN { get; set; }

        /// <summary>The service account that searches; null binds anonymously for searches (LDAP) or not at all.</summary>
        public string? BindUserName { get; set; }

        public byte[]? BindPassword { get; set; }

        /// <summary>
        /// Why the stored secret cannot be unsealed (damaged, or sealed with another key); null when it can. Such a record is
        /// listed, so the admin sees it, but the listener skips it; give it a new secret to bring it back.
        /// </summary>
        public string? Unreadable { get; set; }

        /// <summary>A folder of trusted CA certificates prepared with "openssl rehash" (Linux and macOS).</summary>
        public string? TrustedCaPath { get; set; }

        /// <summary>Windows: the one server certificate to trust, by SHA-1 thumbprint, instead of the machine's CAs.</summary>
        public string? CertificateThumbprint { get; set; }

        public int TimeoutSeconds { get; set; } = 10;

        /// <summary>0: no scheduled sync.</summary>
        public int SyncIntervalMinutes { get; set; }

        /// <summary>Which users Sync-RasMfaUser and the scheduled sync take: every scope imported from this directory so far.</summary>
        public List<DirectoryScope> SyncScopes { get; set; } = new List<DirectoryScope>();

        public DateTime? LastSyncUtc { get; set; }

        public DateTime CreatedUtc { get; set; } = DateTime.UtcNow;

        public DateTime ModifiedUtc { get; set; } = DateTime.UtcNow;

        public int EffectivePort => Port ?? (Security == DirectorySecurity.Ldaps ? 636 : 389);
    }
}
