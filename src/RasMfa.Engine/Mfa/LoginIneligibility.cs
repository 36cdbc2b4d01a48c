namespace RasMfa.Engine.Mfa
{
    /// <summary>What the write found about the user, as it stands at the moment of accepting (not as read when the login began).</summary>
    public enum LoginIneligibility
    {
        None,
        UserRemoved,
        Disabled,
        Locked,
        TokenRemoved,
    }
}
