namespace RasMfa.Engine.Tokens
{
    /// <summary>Where a resynchronised token now stands.</summary>
    public sealed class TokenSyncResult
    {
        public TokenSyncResult(string serial, OtpTokenType type, long position, int driftSteps)
        {
            Serial = serial;
            Type = type;
            Position = position;
            DriftSteps = driftSteps;
        }

        public string Serial { get; }
        public OtpTokenType Type { get; }

        /// <summary>HOTP: the next counter expected; TOTP: the step last used.</summary>
        public long Position { get; }

        public int DriftSteps { get; }
    }
}
