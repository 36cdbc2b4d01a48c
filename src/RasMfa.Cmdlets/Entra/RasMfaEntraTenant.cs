using System;
using System.Linq;
using RasMfa.Engine.Entra;

namespace RasMfa.Cmdlets.Entra
{
    /// <summary>An Entra tenant as cmdlets show it. It never carries the client secret or the certificate's password.</summary>
    public sealed class RasMfaEntraTenant
    {
        internal RasMfaEntraTenant(EntraTenantDefinition tenant)
        {
            Name = tenant.Name;
            TenantId = tenant.TenantId;
            ClientId = tenant.ClientId;
            Cloud = tenant.Cloud;
            Credential = tenant.CredentialKind;
            CertificateThumbprint = tenant.CertificateThumbprint;
            CertificatePath = tenant.CertificatePath;
            SecretReadable = tenant.Unreadable == null;
            ImportedGroups = tenant.SyncScopes.Split(new[] { '\n' }, StringSplitOptions.RemoveEmptyEntries).Select(s => s.Split('|')[0]).ToArray();
            Modified = tenant.ModifiedUtc.ToLocalTime();
            SyncIntervalMinutes = tenant.SyncIntervalMinutes;
            LastSync = tenant.LastSyncUtc?.ToLocalTime();
        }

        public string Name { get; }
        public string TenantId { get; }
        public string ClientId { get; }
        public EntraCloud Cloud { get; }
        public EntraCredentialKind Credential { get; }
        public string? CertificateThumbprint { get; }
        public string? CertificatePath { get; }

        /// <summary>False when the sealed secret cannot be opened on this machine (give the credential again with Set-RasMfaEntraTenant).</summary>
        public bool SecretReadable { get; }

        /// <summary>The ids of the groups imported from, which a sync reads again.</summary>
        public string[] ImportedGroups { get; }
        public DateTime Modified { get; }

        /// <summary>How often the listener runs Sync-RasMfaUser -EntraTenant for the tenant, in minutes; 0 never.</summary>
        public int SyncIntervalMinutes { get; }

        public DateTime? LastSync { get; }
    }
}
