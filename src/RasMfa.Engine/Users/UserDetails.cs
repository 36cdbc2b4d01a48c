namespace RasMfa.Engine.Users
{
    /// <summary>A user and the serial of the token it holds, as an admin lists them; no secret is read to get the serial.</summary>
    public sealed class UserDetails
    {
        public UserDetails(MfaUser user, string? tokenSerial)
        {
            User = user;
            TokenSerial = tokenSerial;
        }

        public MfaUser User { get; }

        public string? TokenSerial { get; }
    }
}
