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

        public static bool IsFor(OtpToken token, long userId) =>
            token.UserId == null && token.Type == OtpTokenType.Totp && token.Serial.StartsWith($"{Prefix}{userId}-", StringComparison.OrdinalIgnoreCase);
    }
}
