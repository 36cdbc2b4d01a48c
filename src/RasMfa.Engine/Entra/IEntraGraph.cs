using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;

namespace RasMfa.Engine.Entra
{
    /// <summary>A user as Graph gives one, with only the properties an import asks for ($select).</summary>
    public sealed class EntraUser
    {
        public string Id { get; set; } = "";
        public string? UserPrincipalName { get; set; }
        public string? DisplayName { get; set; }
        public string? Mail { get; set; }
        public string? MobilePhone { get; set; }
        public bool? AccountEnabled { get; set; }
        public string? OnPremisesSamAccountName { get; set; }
        public string? OnPremisesUserPrincipalName { get; set; }
        public string? OnPremisesSecurityIdentifier { get; set; }

        /// <summary>The DNS name of the AD domain a synchronised user comes from (onPremisesDomainName).</summary>
        public string? OnPremisesDomainName { get; set; }
    }

    /// <summary>Graph as the engine uses it; implemented in RasMfa.Entra over Microsoft.Graph, loaded only when first needed.</summary>
    public interface IEntraGraph : IDisposable
    {
        /// <summary>Gets a token and returns the application permissions (the token's roles claim) it carries.</summary>
        IReadOnlyList<string> GrantedRoles();

        /// <summary>One small Graph call (the organization's id), which proves that the token is taken.</summary>
        string ReadOrganizationId();

        /// <summary>The id of the group named <paramref name="nameOrId"/> (an object id, or a display name that only one group has).</summary>
        string FindGroup(string nameOrId);

        /// <summary>The group's users, through nested groups, every page read.</summary>
        IReadOnlyList<EntraUser> TransitiveUsers(string groupId);

        /// <summary>The number of the user's mobile phone authentication method, or null when none.</summary>
        string? MobilePhoneMethod(string userId);

        /// <summary>
        /// Sends <paramref name="mail"/> as <paramref name="mailbox"/> (POST /users/{mailbox}/sendMail, not kept in its Sent
        /// Items). A refusal is an <see cref="EntraGraphException"/> with Graph's status; only cancellation throws otherwise.
        /// </summary>
        Task SendMailAsync(string mailbox, EntraMail mail, CancellationToken cancellationToken);
    }

    /// <summary>Opens Graph for a tenant.</summary>
    public interface IEntraGraphFactory
    {
        IEntraGraph Open(EntraConnection connection);
    }

    /// <summary>
    /// A tenant with its secret unsealed, and where its cloud is. Only tests set <see cref="TrustedTestCa"/>: the TLS
    /// certificates of the loopback stubs are then checked against that CA alone, never the machine's trust store.
    /// </summary>
    public sealed class EntraConnection
    {
        public EntraConnection(EntraTenantDefinition tenant, Uri authorityHost, Uri graphRoot)
        {
            Tenant = tenant;
            AuthorityHost = authorityHost;
            GraphRoot = graphRoot;
        }

        public EntraTenantDefinition Tenant { get; }
        public Uri AuthorityHost { get; }
        public Uri GraphRoot { get; }
        public System.Security.Cryptography.X509Certificates.X509Certificate2? TrustedTestCa { get; set; }

        /// <summary>Graph's retry handler: how often a 429 or a 503/504 is tried again, and the first delay when no Retry-After says.</summary>
        public int MaxRetries { get; set; } = 3;
        public int RetryDelaySeconds { get; set; } = 3;
    }
}
