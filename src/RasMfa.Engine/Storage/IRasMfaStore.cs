using System;
using RasMfa.Engine.Audit;
using RasMfa.Engine.Clients;
using RasMfa.Engine.Configuration;
using RasMfa.Engine.Delivery;
using RasMfa.Engine.Directories;
using RasMfa.Engine.FirstFactors;
using RasMfa.Engine.Mfa;
using RasMfa.Engine.Tokens;
using RasMfa.Engine.Users;

namespace RasMfa.Engine.Storage
{
    /// <summary>
    /// Durable configuration and state, shared by every session and process that opens the same store.
    /// Changes to clients and settings bump <see cref="GetChangeVersion"/>, which running listeners poll;
    /// users and tokens are read afresh for every request.
    /// </summary>
    public interface IRasMfaStore
    {
        string Location { get; }

        long GetChangeVersion();

        IClientStore Clients { get; }

        IUserStore Users { get; }

        ITokenStore Tokens { get; }

        IAuditLog AuditLog { get; }

        ISettingsStore Settings { get; }

        IUpstreamServerStore UpstreamServers { get; }

        IDirectoryStore Directories { get; }

        /// <summary>Entra ID tenants users are imported from through Microsoft Graph.</summary>
        Entra.IEntraTenantStore EntraTenants { get; }

        /// <summary>How people are reached out of band: SMS, voice, e-mail, push notifications.</summary>
        IDeliveryProviderStore DeliveryProviders { get; }
        /// <summary>Bypass codes: a lost phone's one-time codes, kept as keyed hashes.</summary>
        BypassCodes.IBypassCodeStore BypassCodes { get; }

        /// <summary>Push approvals, decided on the approval page of any server sharing the store.</summary>
        Push.IPushApprovalStore PushApprovals { get; }

        /// <summary>Where the approval page listens and what it serves (Set-RasMfaApprovalPage); none: push is not offered.</summary>
        Push.IApprovalPageStore ApprovalPage { get; }

        /// <summary>A login's read and its writes (group-committed: each task completes once its write is durable).</summary>
        ILoginStore Logins { get; }

        /// <summary>
        /// The store's own clock (UTC), read now: PostgreSQL's, which every server sharing the store times its rows by; null
        /// where the store has no clock apart from this machine's (SQLite). Throws when the store cannot be read.
        /// </summary>
        DateTime? ReadClockUtc();
    }
}
