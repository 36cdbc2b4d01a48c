namespace RasMfa.Engine.Mfa.Stages
{
    /// <summary>Why a stage stops a login with Access-Reject; <see cref="Decisions"/> turns it into the audit log's words.</summary>
    public enum RejectCause
    {
        UnknownState,
        ExpiredState,
        ForeignState,
        AfterDecoy,
        Disabled,
        Locked,
        UnknownUser,
        NotEnrolled,
        ChapWithFirstFactor,
        NoFirstFactorConfigured,
        FirstFactorFailed,
        WrongCode,
        ReplayedCode,
        NowLocked,

        /// <summary>The store could not record the decision in time (StoreWriteTimeoutSeconds), or could not be read; the detail says which, and what was sent.</summary>
        StoreUnavailable,

        MalformedUserName,
        MalformedPassword,
        AmbiguousUserName,

        /// <summary>A directory accepted the password without saying whose it was, and RequireUserMatch off would let it through.</summary>
        UnidentifiedAccount,

        /// <summary>The names the first factor gave for the account find several users.</summary>
        AmbiguousAccount,

        /// <summary>A keyword (or the default method) for a method the client does not allow, no provider sends, or the user does not hold.</summary>
        MethodUnavailable,

        /// <summary>A code was not sent: a send limit reached, or the provider failed; the detail says which.</summary>
        CodeNotSent,

        /// <summary>A push approval not approved: denied on the page, a wrong number picked, or not decided in time; the detail says which.</summary>
        PushNotApproved,

        /// <summary>A push round the server could not hold (MaxHeldPushRequests*): refused without counting against the user.</summary>
        PushNotHeld,
    }
}
