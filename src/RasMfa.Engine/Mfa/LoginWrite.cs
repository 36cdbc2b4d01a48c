namespace RasMfa.Engine.Mfa
{
    /// <summary>What a decision writes besides its audit record: nothing, an accepted response, or a failure counted.</summary>
    public sealed class LoginWrite
    {
        public static readonly LoginWrite AuditOnly = new LoginWrite(false, null, 0, null);

        private LoginWrite(bool accepting, CodeUse? use, long userId, LockoutPolicy? lockout)
        {
            Accepting = accepting;
            Use = use;
            UserId = userId;
            Lockout = lockout;
        }

        /// <summary>True: the response matched; the user's failures are cleared once <see cref="Use"/> (if any) is used up.</summary>
        public bool Accepting { get; }

        /// <summary>The code to use up, so that it is never accepted twice; null for a method whose proof is single-use by itself.</summary>
        public CodeUse? Use { get; }

        public long UserId { get; }

        /// <summary>Set: a failure is counted unless the response is accepted, locking at the policy's threshold.</summary>
        public LockoutPolicy? Lockout { get; }

        /// <summary>A matched response: accepted if its code was not used before, else counted as a failure.</summary>
        public static LoginWrite Accept(long userId, CodeUse? use, LockoutPolicy lockout) => new LoginWrite(true, use, userId, lockout);

        public static LoginWrite CountFailure(long userId, LockoutPolicy lockout) => new LoginWrite(false, null, userId, lockout);
    }
}
