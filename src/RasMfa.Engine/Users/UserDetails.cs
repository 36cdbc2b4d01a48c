using System.Collections.Generic;

namespace RasMfa.Engine.Users
{
    /// <summary>A user and the serials of the tokens it holds, as an admin lists them; no secret is read to get the serials.</summary>
    public sealed class UserDetails
    {
        private static readonly IReadOnlyList<string> NoTokens = new string[0];

        public UserDetails(MfaUser user, IReadOnlyList<string>? tokenSerials)
        {
            User = user;
            TokenSerials = tokenSerials ?? NoTokens;
        }

        public MfaUser User { get; }

        /// <summary>Default first, then oldest first.</summary>
        public IReadOnlyList<string> TokenSerials { get; }

        /// <summary>The token tried first (and that a challenge begins with), or null when the user holds none.</summary>
        public string? DefaultTokenSerial => TokenSerials.Count == 0 ? null : TokenSerials[0];
    }
}
