using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using RasMfa.Engine.Administration;
using RasMfa.Engine.Audit;
using RasMfa.Engine.Directories;

namespace RasMfa.Engine.Entra
{
    /// <summary>The engine's front door for Entra ID tenants: their rules, and the test that goes through Graph.</summary>
    public sealed class EntraTenantService
    {
        private readonly IEntraTenantStore _tenants;
        private readonly IDirectoryStore _directories;
        private readonly Func<IEntraGraphFactory> _graphs;

        public EntraTenantService(IEntraTenantStore tenants, IDirectoryStore directories, Func<IEntraGraphFactory>? graphs = null)
        {
            _tenants = tenants;
            _directories = directories;
            _graphs = graphs ?? (() => EntraGateway.Factory);
        }

        public IReadOnlyList<EntraTenantDefinition> List() => _tenants.List();

        public EntraTenantDefinition Get(string name) => _tenants.Get(name) ?? throw NotFound(name);

        /// <summary>Adds a tenant; null when the review did not approve it.</summary>
        public EntraTenantDefinition? Add(string name, EntraTenantChanges settings, IChangeReview review)
        {
            AdministeredName.Checked(name, "Entra tenant", "InvalidEntraTenantName");
            // Users keep the name of the directory or tenant they came from, which a sync goes by: one name, one source.
            if (_directories.Get(name) != null)
                throw new EngineException(EngineErrorKind.AlreadyExists, "EntraTenantNameTaken", $"A directory is named '{name}'; give the tenant another name.", target: name);
            if (_tenants.Get(name) != null)
                throw new EngineException(EngineErrorKind.AlreadyExists, "DuplicateEntraTenant", $"An Entra tenant named '{name}' already exists.", target: name);
            var tenant = new EntraTenantDefinition(name, "", "");
            Apply(tenant, settings, requireCredential: true);
            if (!review.Approve($"{name} (tenant {tenant.TenantId}, application {tenant.ClientId})", "Add Entra tenant")) return null;
            _tenants.Add(tenant);
            return tenant;
        }

        /// <summary>Changes what <paramref name="changes"/> gives; a new credential replaces the old one whole.</summary>
        public EntraTenantDefinition? Change(string name, EntraTenantChanges changes, IChangeReview review)
        {
            var tenant = Get(name);
            bool newCredential = changes.ClientSecret != null || changes.CertificateThumbprint != null || changes.CertificatePath != null;
            if (tenant.Unreadable != null && !newCredential) throw Unreadable(tenant, "to change it");
            Apply(tenant, changes, requireCredential: false);
            if (!review.Approve(name, "Change Entra tenant")) return null;
            _tenants.Update(name, tenant);
            return tenant;
        }

        /// <summary>Refused while the mail provider (among <paramref name="providers"/>) sends through the tenant: every code mail would then fail.</summary>
        public void Remove(string name, IChangeReview review, IEnumerable<Delivery.DeliveryProviderDefinition> providers)
        {
            Get(name);
            if (Delivery.GraphMail.GraphMailProviderType.SendsThrough(providers, name.Trim()))
                throw new EngineException(EngineErrorKind.Conflict, "EntraTenantSendsMail",
                    $"The e-mail provider sends through Entra tenant '{name.Trim()}'; set another mail provider (Set-RasMfaMailProvider) or remove it (Remove-RasMfaDeliveryProvider Email) first.", target: name);
            if (!review.Approve(name, "Remove Entra tenant")) return;
            if (!_tenants.Remove(name)) throw NotFound(name);
        }

        /// <summary>
        /// Gets a token, calls Graph, and names the application permissions an import needs that the token lacks, and Mail.Send
        /// too when <paramref name="sendsMail"/> (the mail provider sends through this tenant).
        /// </summary>
        public EntraTenantTestResult Test(string name, bool sendsMail = false)
        {
            var tenant = Readable(name, "to test it");
            var result = new EntraTenantTestResult { Tenant = tenant.Name };
            try
            {
                using var graph = _graphs().Open(EntraGateway.ConnectionFor(tenant));
                result.GrantedPermissions = graph.GrantedRoles().OrderBy(r => r, StringComparer.Ordinal).ToList();
                result.TokenAcquired = true;
                result.MissingPermissions = EntraPermissions.Missing(result.GrantedPermissions, sendsMail ? EntraPermissions.ForImport.Concat(EntraPermissions.ForMail) : EntraPermissions.ForImport);
                graph.ReadOrganizationId();
                result.GraphReached = true;
            }
            catch (EntraGraphException e)
            {
                result.Error = e.Message;
            }
            return result;
        }

        /// <summary>The tenant with its secret readable; one whose secret is sealed on another machine is never used.</summary>
        public EntraTenantDefinition Readable(string name, string purpose)
        {
            var tenant = Get(name);
            if (tenant.Unreadable != null) throw Unreadable(tenant, purpose);
            return tenant;
        }

        public static EngineException NotFound(string name) =>
            new EngineException(EngineErrorKind.NotFound, "EntraTenantNotFound", $"No Entra tenant is named '{name}'.", target: name);

        private static EngineException Unreadable(EntraTenantDefinition tenant, string purpose) =>
            new EngineException(EngineErrorKind.Unreadable, "EntraTenantSecretUnreadable",
                $"{tenant.Unreadable} Give Entra tenant '{tenant.Name}' its credential again (Set-RasMfaEntraTenant) {purpose}.", target: tenant.Name);

        private static void Apply(EntraTenantDefinition tenant, EntraTenantChanges changes, bool requireCredential)
        {
            var owner = $"Entra tenant '{tenant.Name}'";
            var (tenantId, cloud) = (tenant.TenantId, tenant.Cloud);
            // A stored id in another GUID form (from before the check) is put right; one that is no id at all must be given again.
            var stored = Guid.TryParse(tenant.TenantId, out var storedId) ? storedId.ToString("D") : CanonicalTenantId(tenant.TenantId);
            tenant.TenantId = (changes.TenantId == null ? stored : CanonicalTenantId(changes.TenantId))
                ?? throw Invalid("InvalidEntraTenantId", $"{owner}: -TenantId must be the tenant's id (a GUID such as 8c1f3a52-2b5e-4f7d-9a61-0d4e6b7c8a90) or one of its domain names, such as contoso.onmicrosoft.com.");
            tenant.ClientId = Guid.TryParse(changes.ClientId ?? tenant.ClientId, out var clientId) ? clientId.ToString("D")
                : throw Invalid("InvalidEntraClientId", $"{owner}: -ClientId must be the application (client) id, a GUID.");
            tenant.Cloud = changes.Cloud ?? tenant.Cloud;
            // Another tenant (or cloud): the delta links and members are the old one's, so the next sync reads in full.
            if (!string.Equals(tenantId, tenant.TenantId, StringComparison.OrdinalIgnoreCase) || cloud != tenant.Cloud) tenant.SyncState = "";
            tenant.SyncIntervalMinutes = changes.SyncIntervalMinutes ?? tenant.SyncIntervalMinutes;
            if (tenant.SyncIntervalMinutes < 0 || tenant.SyncIntervalMinutes > 10080)
                throw Invalid("InvalidEntraSyncInterval", $"{owner}: the sync interval must be from 0 (none) to 10080 minutes (a week).");

            int credentials = (changes.ClientSecret != null ? 1 : 0) + (changes.CertificateThumbprint != null ? 1 : 0) + (changes.CertificatePath != null ? 1 : 0);
            if (credentials > 1) throw Invalid("EntraCredentialAmbiguous", $"{owner}: give one of -ClientSecret, -CertificateThumbprint or -CertificatePath.");
            if (credentials == 0)
            {
                if (requireCredential) throw Invalid("EntraCredentialRequired", $"{owner}: give -ClientSecret, -CertificateThumbprint or -CertificatePath.");
                if (changes.CertificatePassword != null)
                {
                    if (tenant.CredentialKind != EntraCredentialKind.CertificateFile) throw Invalid("EntraCertificatePasswordUnused", $"{owner}: -CertificatePassword goes with -CertificatePath.");
                    tenant.Secret = changes.CertificatePassword;
                }
                return;
            }
            if (changes.CertificatePassword != null && changes.CertificatePath == null)
                throw Invalid("EntraCertificatePasswordUnused", $"{owner}: -CertificatePassword goes with -CertificatePath.");
            tenant.CertificateThumbprint = null;
            tenant.CertificatePath = null;
            tenant.Unreadable = null;
            if (changes.ClientSecret != null)
            {
                if (changes.ClientSecret.Length == 0) throw Invalid("EntraClientSecretEmpty", $"{owner}: the client secret is empty.");
                tenant.CredentialKind = EntraCredentialKind.ClientSecret;
                tenant.Secret = changes.ClientSecret;
            }
            else if (changes.CertificateThumbprint != null)
            {
                var thumbprint = new string(changes.CertificateThumbprint.Where(c => !char.IsWhiteSpace(c)).ToArray()).ToUpperInvariant();
                if (thumbprint.Length != 40 || !thumbprint.All(Uri.IsHexDigit))
                    throw Invalid("InvalidEntraCertificateThumbprint", $"{owner}: -CertificateThumbprint must be the certificate's SHA-1 thumbprint, 40 hexadecimal digits.");
                tenant.CredentialKind = EntraCredentialKind.CertificateThumbprint;
                tenant.CertificateThumbprint = thumbprint;
                tenant.Secret = null;
            }
            else
            {
                if (!File.Exists(changes.CertificatePath))
                    throw new EngineException(EngineErrorKind.NotFound, "EntraCertificateFileNotFound", $"{owner}: the file '{changes.CertificatePath}' does not exist.", target: changes.CertificatePath);
                tenant.CredentialKind = EntraCredentialKind.CertificateFile;
                tenant.CertificatePath = changes.CertificatePath;
                tenant.Secret = changes.CertificatePassword;
            }
        }

        /// <summary>
        /// The tenant id as stored: a GUID in its hyphenated "D" form, lower case (the only GUID form Azure.Identity takes), or
        /// a domain name, lower case; null for anything else.
        /// </summary>
        internal static string? CanonicalTenantId(string value)
        {
            value = value.Trim();
            if (Guid.TryParseExact(value, "D", out var id)) return id.ToString("D");
            bool domain = value.Length <= 253 && value.IndexOf('.') > 0 && !value.EndsWith(".", StringComparison.Ordinal) && value.IndexOf("..", StringComparison.Ordinal) < 0
                && value.All(c => c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '.' || c == '-');
            return domain ? value.ToLowerInvariant() : null;
        }

        private static EngineException Invalid(string id, string message) => new EngineException(EngineErrorKind.InvalidArgument, id, message);
    }

    /// <summary>A token or a Graph call that failed (after the retries), with Graph's or the sign-in service's own words.</summary>
    public sealed class EntraGraphException : Exception
    {
        public EntraGraphException(string message, int? status = null, Exception? inner = null) : base(message, inner) => Status = status;

        /// <summary>The HTTP status Graph answered with, when it answered.</summary>
        public int? Status { get; }
    }
}
