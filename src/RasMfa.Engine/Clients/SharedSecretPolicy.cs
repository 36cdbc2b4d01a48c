namespace RasMfa.Engine.Clients
{
    /// <summary>Rules for shared secrets from draft-ietf-radext-deprecating-radius: never empty, weak at 12 octets or fewer, at most 128.</summary>
    public static class SharedSecretPolicy
    {
        public const int MaxLength = 128;
        public const int WeakAtOrBelow = 12;

        /// <summary>Null when acceptable; otherwise why not.</summary>
        public static string? Reject(byte[] secret)
        {
            if (secret.Length == 0) return "The shared secret is empty; RADIUS needs one.";
            if (secret.Length > MaxLength) return $"The shared secret is {secret.Length} octets; at most {MaxLength} are supported.";
            return null;
        }

        public static bool IsWeak(byte[] secret) => secret.Length <= WeakAtOrBelow;

        public static string WeakWarning(int length) =>
            $"The shared secret is {length} octets. Secrets of {WeakAtOrBelow} octets or fewer can be found offline from one captured packet; use at least 16 random characters (32 recommended).";
    }
}
