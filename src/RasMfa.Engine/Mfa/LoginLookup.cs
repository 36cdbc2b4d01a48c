namespace RasMfa.Engine.Mfa
{
    /// <summary>
    /// What a User-Name found: one user (with their tokens), nobody, or several users it could name. An ambiguous name is
    /// refused whatever the client's RequireUserMatch, since letting it through as unknown would skip MFA for all of them.
    /// </summary>
    public sealed class LoginLookup
    {
        public static readonly LoginLookup Unknown = new LoginLookup(null, false);

        public static readonly LoginLookup Ambiguous = new LoginLookup(null, true);

        private LoginLookup(LoginSubject? subject, bool isAmbiguous)
        {
            Subject = subject;
            IsAmbiguous = isAmbiguous;
        }

        public static LoginLookup Of(LoginSubject? subject) => subject == null ? Unknown : new LoginLookup(subject, false);

        /// <summary>The one user the name found; null when it found none or several.</summary>
        public LoginSubject? Subject { get; }

        public bool IsAmbiguous { get; }
    }
}
