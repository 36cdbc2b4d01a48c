using System.Collections.Generic;
using RasMfa.Engine.Tokens;
using RasMfa.Engine.Users;

namespace RasMfa.Engine.Mfa
{
    /// <summary>A user found for a login, with the tokens they hold (none: not enrolled).</summary>
    public sealed class LoginSubject
    {
        public LoginSubject(MfaUser user, IReadOnlyList<OtpToken> tokens, IReadOnlyList<BypassCodes.HeldBypassCode>? bypassCodes = null,
            IReadOnlyList<OtpToken>? pendingEnrollments = null)
        {
            User = user;
            Tokens = tokens;
            BypassCodes = bypassCodes ?? new BypassCodes.HeldBypassCode[0];
            PendingEnrollments = pendingEnrollments ?? new OtpToken[0];
        }

        public LoginSubject(MfaUser user, OtpToken? token)
            : this(user, token == null ? new OtpToken[0] : new[] { token })
        {
        }

        public MfaUser User { get; }

        /// <summary>The user's tokens, default first (the one set as default, else the oldest), then oldest first.</summary>
        public IReadOnlyList<OtpToken> Tokens { get; }

        /// <summary>The user's bypass codes with uses left (expired ones too: the method judges expiry by the login's clock).</summary>
        public IReadOnlyList<BypassCodes.HeldBypassCode> BypassCodes { get; }

        /// <summary>
        /// The enrolments mailed to the user and not yet confirmed (ENROL-* tokens, expired ones too: the method judges expiry
        /// by the login's clock); read only for a user who holds no token.
        /// </summary>
        public IReadOnlyList<OtpToken> PendingEnrollments { get; }

        /// <summary>The default token, or null when the user holds none.</summary>
        public OtpToken? Token => Tokens.Count == 0 ? null : Tokens[0];
    }
}
