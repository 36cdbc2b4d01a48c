namespace RasMfa.Engine.Delivery.Smtp
{
    /// <summary>How the connection to the mail server is protected.</summary>
    public enum SmtpSecurity
    {
        /// <summary>
        /// STARTTLS, required: a server that does not offer it (or an attacker who strips it from the greeting) gets no
        /// message, rather than one in clear. The default, on port 587.
        /// </summary>
        StartTls,

        /// <summary>TLS from the first octet (SMTPS), usually port 465.</summary>
        SslOnConnect,

        /// <summary>In clear: only for a relay on the same host or network segment; credentials only with AllowInsecure.</summary>
        None,
    }
}
