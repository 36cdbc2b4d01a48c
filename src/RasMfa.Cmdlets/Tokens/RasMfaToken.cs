using System;
using RasMfa.Engine.Tokens;

namespace RasMfa.Cmdlets.Tokens
{
    /// <summary>A token as cmdlets show it. It never carries the secret.</summary>
    public sealed class RasMfaToken
    {
        internal RasMfaToken(OtpToken token)
        {
            Serial = token.Serial;
            UserName = token.UserName;
            Type = token.Type;
            Algorithm = token.Algorithm;
            Digits = token.Digits;
            Period = token.Type == OtpTokenType.Totp ? token.Period : (int?)null;
            Counter = token.Type == OtpTokenType.Hotp ? token.Counter : (long?)null;
            DriftSeconds = token.Type == OtpTokenType.Totp ? token.DriftSteps * token.Period : (int?)null;
            LastUsed = token.Type == OtpTokenType.Totp && token.LastUsedStep.HasValue
                ? new DateTime(1970, 1, 1, 0, 0, 0, DateTimeKind.Utc).AddSeconds(token.LastUsedStep.Value * (double)token.Period).ToLocalTime()
                : (DateTime?)null;
            Created = token.CreatedUtc.ToLocalTime();
            PendingEnrollment = token.UserId == null && PendingEnrollmentSerial.IsPending(token.Serial);
        }

        public string Serial { get; }
        public string? UserName { get; }
        public OtpTokenType Type { get; }
        public OtpAlgorithm Algorithm { get; }
        public int Digits { get; }
        public int? Period { get; }
        public long? Counter { get; }
        public int? DriftSeconds { get; }
        public DateTime? LastUsed { get; }
        public DateTime Created { get; }

        /// <summary>True: a mailed enrolment (ENROL-...) waiting for its confirmation, at the help desk or at the user's first login.</summary>
        public bool PendingEnrollment { get; }
    }
}
