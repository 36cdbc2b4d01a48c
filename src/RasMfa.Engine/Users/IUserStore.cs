using System;
using System.Collections.Generic;

namespace RasMfa.Engine.Users
{
    /// <summary>Where users are kept for administration; the login path reads them through <see cref="Mfa.ILoginStore"/>, with their tokens in one query.</summary>
    public interface IUserStore
    {
        IReadOnlyList<MfaUser> List();

        /// <summary>The user stored under exactly this name, ignoring case.</summary>
        MfaUser? Get(string userName);

        /// <summary>The serials of each user's tokens, by user id, default first, read without decrypting any secret; users with none are absent.</summary>
        IReadOnlyDictionary<long, IReadOnlyList<string>> TokenSerialsByUser();

        /// <summary>The serials of the user's tokens, default first (the one set as default, else the oldest), read without decrypting a secret.</summary>
        IReadOnlyList<string> TokenSerialsOf(long userId);

        void Add(MfaUser user);

        /// <summary>
        /// Writes name, contact fields and Enabled, never the failure count or lock, which only logins and Unlock change;
        /// with <paramref name="tokenSerial"/>, gives the user that token in the same transaction, and with
        /// <paramref name="defaultTokenSerial"/> makes that token (which the user must hold) their default.
        /// </summary>
        void Update(MfaUser user, string? tokenSerial = null, string? defaultTokenSerial = null);

        void Remove(string userName);

        /// <summary>Creates or updates each user by name in one transaction; null fields keep stored values.</summary>
        IReadOnlyList<UserImportStatus> Upsert(IReadOnlyList<UserImportRow> rows);

        /// <summary>Counts a failure atomically; locks the user for <paramref name="lockFor"/> when the count reaches the threshold.</summary>
        MfaUser RecordFailure(long userId, int threshold, TimeSpan lockFor, DateTime nowUtc);

        void Unlock(long userId);
    }
}
