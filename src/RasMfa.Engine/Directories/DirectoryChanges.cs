using System.Collections.Generic;
using RasMfa.Engine.Administration;

namespace RasMfa.Engine.Directories
{
    /// <summary>What an admin gives to add or change a directory; what is not given keeps its stored (or default) value.</summary>
    public sealed class DirectoryChanges
    {
        public DirectoryType? Type { get; set; }

        public IReadOnlyList<string>? Servers { get; set; }

        /// <summary>Null: the security's standard port.</summary>
        public Optional<int?> Port { get; set; }

        public DirectorySecurity? Security { get; set; }

        /// <summary>Null or blank: the directory's default naming context.</summary>
        public Optional<string?> BaseDN { get; set; }

        /// <summary>The service account; its password comes with it.</summary>
        public string? BindUserName { get; set; }

        public byte[]? BindPassword { get; set; }

        public Optional<string?> CertificateThumbprint { get; set; }

        /// <summary>A full file-system path, resolved by the caller.</summary>
        public Optional<string?> TrustedCaPath { get; set; }

        public int? TimeoutSeconds { get; set; }

        public int? SyncIntervalMinutes { get; set; }
    }
}
