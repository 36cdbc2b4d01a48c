namespace RasMfa.Engine.Mfa
{
    /// <summary>Why a login ended as it did, as the audit log records it. The client is never told.</summary>
    public static class DecisionReason
    {
        public const string CodeAccepted = "code accepted";
        public const string EnrollmentConfirmedAtLogin = "mailed enrolment confirmed at login";
        public const string CodeRequested = "code requested";
        public const string WrongCodeRetry = "wrong code, asked again";
        public const string WrongCode = "wrong code";
        public const string ReplayedCode = "replayed code";
        public const string Locked = "locked";
        public const string NowLocked = "wrong code, user now locked";
        public const string Disabled = "disabled user";
        public const string UnknownUser = "unknown user";
        public const string NotEnrolled = "not enrolled";
        public const string UnknownUserAllowed = "unknown user accepted without MFA (RequireUserMatch off)";
        public const string NotEnrolledAllowed = "not enrolled, accepted without MFA (RequireUserMatch off)";
        public const string UnknownState = "unknown state";
        public const string ExpiredState = "expired state";
        public const string ForeignState = "state of another user or client";
        public const string ChapWithFirstFactor = "CHAP carries no password for the first factor; set the client to PAP";
        public const string NoFirstFactorConfigured = "the client's first factor has no server configured";
        public const string MalformedUserName = "malformed user name";
        public const string MalformedPassword = "malformed password";
        public const string AmbiguousUserName = "ambiguous user name: it could name several users";
        public const string UnidentifiedAccount = "first factor passed, but whose account it was is not known, so it is not let through as an unknown user";
        public const string AmbiguousAccount = "ambiguous account";
        public const string CodeSent = "code sent";
        public const string MethodUnavailable = "method unavailable";
        public const string CodeNotSent = "code not sent";
    }
}
