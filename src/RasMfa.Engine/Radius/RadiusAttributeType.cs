namespace RasMfa.Engine.Radius
{
    /// <summary>The standard attribute numbers the engine itself reads or writes.</summary>
    public static class RadiusAttributeType
    {
        public const byte UserName = 1;
        public const byte UserPassword = 2;
        public const byte ChapPassword = 3;
        public const byte NasIpAddress = 4;
        public const byte ReplyMessage = 18;
        public const byte State = 24;
        public const byte Class = 25;
        public const byte VendorSpecific = 26;
        public const byte NasIdentifier = 32;
        public const byte ProxyState = 33;
        public const byte ChapChallenge = 60;
        public const byte EapMessage = 79;
        public const byte MessageAuthenticator = 80;
    }
}
