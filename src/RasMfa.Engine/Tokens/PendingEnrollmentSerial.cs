using System;

namespace RasMfa.Engine.Tokens
{
    /// <summary>
    /// A mailed enrolment waiting for its confirmation is an unassigned token (so no login can use it) whose serial names the
    /// user it was mailed to: ENROL-{user id}-{random}. Confirm-RasMfaEnrollment turns it into the user's TOTP token.
    /// </summary>
    public static class PendingEnrollmentSerial
    {
        private const string Prefix = "ENROL-";

        public static string New(long userId) => $"{Prefix}{userId}-{Guid.NewGuid():N}".Substring(0, Prefix.Length + userId.ToString().Length + 1 + 12).ToUpperInvariant();

        /// <summary>Whether the serial is a mailed enrolment's: usable only through its confirmation, never given to a user otherwise.</summary>
        public static bool IsPending(string serial) => serial.Trim().StartsWith(Prefix, StringComparison.OrdinalIgnoreCase);

        /// <summary>SQL matching the serials of the user's pending enrolments (with <see cref="PatternFor"/> as the parameter), upper-cased, as <see cref="New"/> makes them.</summary>
        public static string PatternFor(long userId) => $"{Prefix}{userId}-%";

        /// <summary>The prefix of every pending enrolment's serial, upper-cased.</summary>
        public const string AnyPattern = Prefix + "%";

        /// <summary>
        /// The user's pending serials, as a range of the serial index (from <c>First</c> inclusive to <c>After</c> exclusive,
        /// compared as names compare): '.' follows '-', so only ENROL-{user id}-* falls between, never ENROL-{user id}0-*.
        /// </summary>
        public static (string First, string After) RangeFor(long userId) => ($"{Prefix}{userId}-", $"{Prefix}{userId}.");

        /// <summary>The serial a confirmed enrolment takes (as Register-RasMfaTotp's tokens have): never ENROL-, so never pending again.</summary>
        public static string NewConfirmedSerial() => $"TOTP-{Guid.NewGuid():N}".Substring(0, 17).ToUpperInvariant();

        /// <summary>The refusal of a serial with the reserved prefix where a token is made or given by any other way than Send-RasMfaEnrollment.</summary>
        public static string? ReservedRefusal(string serial) => IsPending(serial)
            ? $"the serial '{serial.Trim()}' begins with {Prefix}, which is reserved for mailed enrolments (Send-RasMfaEnrollment); give the token another serial."
            : null;

        public const string ReservedErrorId = "ReservedTokenSerial";

        public static bool IsFor(OtpToken token, long userId) =>
            token.UserId == null && token.Type == OtpTokenType.Totp && token.Serial.StartsWith($"{Prefix}{userId}-", StringComparison.OrdinalIgnoreCase);
    }
}
