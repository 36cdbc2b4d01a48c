using System;
using System.Collections.Generic;

namespace RasMfa.Engine.Users
{
    /// <summary>A user and the serials of the tokens it holds, as an admin lists them; no secret is read to get the serials.</summary>
    public sealed class UserDetails
    {
        private static readonly IReadOnlyList<string> NoTokens = new string[0];

        /// <param name="nowUtc">Now by the clock the listeners time locks by: the store's.</param>
        public UserDetails(MfaUser user, IReadOnlyList<string>? tokenSerials, DateTime nowUtc)
        {
            User = user;
            TokenSerials = tokenSerials ?? NoTokens;
            Locked = user.IsLockedAt(nowUtc);
        }

        public MfaUser User { get; }

        /// <summary>Whether listeners refuse the user as locked out now: its lock's end compared with the store's clock, as theirs is.</summary>
        public bool Locked { get; }

        /// <summary>Default first, then oldest first.</summary>
        public IReadOnlyList<string> TokenSerials { get; }

        /// <summary>The token tried first (and that a challenge begins with), or null when the user holds none.</summary>
        public string? DefaultTokenSerial => TokenSerials.Count == 0 ? null : TokenSerials[0];
    }
}
