using System.Collections.Generic;
using RasMfa.Engine.Audit;
using RasMfa.Engine.Clients;
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

        /// <summary>A login's read and its writes (group-committed: each task completes once its write is durable).</summary>
        ILoginStore Logins { get; }
    }

    public interface IDirectoryStore
    {
        IReadOnlyList<Directories.DirectoryDefinition> List();

        Directories.DirectoryDefinition? Get(string name);

        void Add(Directories.DirectoryDefinition directory);

        void Update(string existingName, Directories.DirectoryDefinition directory);

        void Remove(string name);
    }

    public interface IUpstreamServerStore
    {
        IReadOnlyList<FirstFactors.UpstreamRadiusServer> List();

        FirstFactors.UpstreamRadiusServer? Get(string name);

        void Add(FirstFactors.UpstreamRadiusServer server);

        void Update(string existingName, FirstFactors.UpstreamRadiusServer server);

        void Remove(string name);
    }

    public interface IClientStore
    {
        IReadOnlyList<RadiusClientDefinition> List();

        RadiusClientDefinition? Get(string name);

        void Add(RadiusClientDefinition client);

        void Update(string existingName, RadiusClientDefinition client);

        void Remove(string name);
    }

    public interface IUserStore
    {
        IReadOnlyList<MfaUser> List();

        /// <summary>The user stored under exactly this name, ignoring case.</summary>
        MfaUser? Get(string userName);

        void Add(MfaUser user);

        /// <summary>
        /// Writes name, contact fields and Enabled, never the failure count or lock, which only logins and Unlock change;
        /// with <paramref name="tokenSerial"/>, gives the user that token in the same transaction.
        /// </summary>
        void Update(MfaUser user, string? tokenSerial = null);

        void Remove(string userName);

        /// <summary>Creates or updates each user by name in one transaction; null fields keep stored values.</summary>
        IReadOnlyList<UserImportStatus> Upsert(IReadOnlyList<UserImportRow> rows);

        /// <summary>Counts a failure atomically; locks the user for <paramref name="lockFor"/> when the count reaches the threshold.</summary>
        MfaUser RecordFailure(long userId, int threshold, System.TimeSpan lockFor, System.DateTime nowUtc);

        void Unlock(long userId);
    }

    public interface ITokenStore
    {
        IReadOnlyList<OtpToken> List();

        OtpToken? GetBySerial(string serial);

        OtpToken? GetByUser(long userId);

        /// <summary>The serial of each user's token, by user id, read without decrypting any secret.</summary>
        IReadOnlyDictionary<long, string> SerialsByUser();

        /// <summary>The serial of the user's token, if any, read without decrypting its secret.</summary>
        string? SerialOf(long userId);

        /// <summary>Stores a new token; with <paramref name="replaceUsersToken"/>, in the same transaction removes the token its user had.</summary>
        void Add(OtpToken token, bool replaceUsersToken = false);

        /// <summary>Stores many tokens in one transaction; a serial already stored is refused for that token alone.</summary>
        IReadOnlyList<string?> AddMany(IReadOnlyList<OtpToken> tokens);

        /// <summary>Sets an HOTP token's next counter (resynchronisation).</summary>
        void SetHotpCounter(long tokenId, long counter);

        /// <summary>Gives the token to a user (null: unassigns it). A user holds at most one token.</summary>
        void Assign(string serial, long? userId);

        void Remove(string serial);

        /// <summary>Records a TOTP step as used, only if it is later than every step used before: the replay guard, atomic across processes.</summary>
        bool TryConsumeTotpStep(long tokenId, long step, int driftSteps);
    }

    public interface IAuditLog
    {
        IReadOnlyList<AuthenticationRecord> Query(AuthenticationLogQuery query);
    }

    public interface ISettingsStore
    {
        MfaSettings Get();

        void Set(MfaSettings settings);
    }
}
