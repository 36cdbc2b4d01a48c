namespace RasMfa.Engine.Clients
{
    /// <summary>
    /// The kinds of second factor a user may hold and a client may allow: the OATH tokens (TOTP app, HOTP hardware) and the
    /// codes sent out of band (SMS, a voice call reading the code, e-mail), and push approval with number matching. Stored by
    /// name, so new kinds go at the end.
    /// </summary>
    public enum MethodKind
    {
        Totp,
        Hotp,
        Sms,
        Voice,
        Email,
        Push,
    }
}
