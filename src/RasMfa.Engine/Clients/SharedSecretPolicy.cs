using RasMfa.Engine.Administration;

namespace RasMfa.Engine.Clients
{
    /// <summary>Rules for shared secrets from draft-ietf-radext-deprecating-radius: never empty, weak at 12 octets or fewer, at most 128.</summary>
    public static class SharedSecretPolicy
    {
        public const int MaxLength = 128;
        public const int WeakAtOrBelow = 12;

        /// <summary>
        /// Refuses an empty or over-long secret, and a weak one unless <paramref name="keepWeak"/>; a weak one kept is
        /// warned about. Clients and upstream servers alike: <paramref name="owner"/> says whose secret it is.
        /// </summary>
        public static void Enforce(byte[] secret, bool keepWeak, string owner, IChangeReview review)
        {
            var refusal = Reject(secret);
            if (refusal != null) throw new EngineException(EngineErrorKind.InvalidArgument, "InvalidSharedSecret", $"{owner}: {refusal}");
            if (!IsWeak(secret)) return;
            if (!keepWeak)
                throw new EngineException(EngineErrorKind.InvalidArgument, "WeakSharedSecret", $"{owner}: {WeakWarning(secret.Length)} Use -Force to keep it anyway.");
            review.Warn($"{owner}: {WeakWarning(secret.Length)}");
        }

        /// <summary>Null when acceptable; otherwise why not.</summary>
        public static string? Reject(byte[] secret)
        {
            if (secret.Length == 0) return "The shared secret is empty; RADIUS needs one.";
            if (secret.Length > MaxLength) return $"The shared secret is {secret.Length} octets; at most {MaxLength} are supported.";
            return null;
        }

        public static bool IsWeak(byte[] secret) => secret.Length <= WeakAtOrBelow;

        private static string WeakWarning(int length) =>
            $"The shared secret is {length} octets. Secrets of {WeakAtOrBelow} octets or fewer can be found offline from one captured packet; use at least 16 random characters (32 recommended).";
    }
}
