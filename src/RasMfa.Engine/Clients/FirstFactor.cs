namespace RasMfa.Engine.Clients
{
    /// <summary>What a client's requests prove before the second factor.</summary>
    public enum FirstFactor
    {
        /// <summary>The client checked the password itself (Parallels RAS with "Forward username only"); only the code is checked here.</summary>
        None,

        /// <summary>The password is checked by an upstream RADIUS server such as NPS, then the code here.</summary>
        UpstreamRadius,

        /// <summary>The password is checked by a bind to Active Directory or LDAP, then the code here.</summary>
        Directory,
    }

    /// <summary>How the code travels when a first factor is checked here.</summary>
    public enum OtpMode
    {
        /// <summary>Password first; the code in a second round, after an Access-Challenge.</summary>
        Challenge,

        /// <summary>Password and code in one field (the code's digits last), for clients that cannot answer a challenge.</summary>
        Appended,
    }
}
