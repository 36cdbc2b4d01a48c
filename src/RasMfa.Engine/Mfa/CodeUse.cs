using RasMfa.Engine.Tokens;

namespace RasMfa.Engine.Mfa
{
    /// <summary>How a matched code is used up: a TOTP step later than any used before, or an HOTP counter moved on from the value read.</summary>
    public sealed class CodeUse
    {
        private CodeUse(long tokenId, OtpTokenType type, long position, int driftSteps, long expectedCounter)
        {
            TokenId = tokenId;
            Type = type;
            Position = position;
            DriftSteps = driftSteps;
            ExpectedCounter = expectedCounter;
        }

        public long TokenId { get; }

        public OtpTokenType Type { get; }

        /// <summary>TOTP: the step used; HOTP: the next counter expected.</summary>
        public long Position { get; }

        public int DriftSteps { get; }

        public long ExpectedCounter { get; }

        /// <summary>Set: one use of this bypass code is taken instead (no token is involved).</summary>
        public long? BypassCodeId { get; private set; }

        /// <summary>
        /// Set: the code is a mailed enrolment's, and its use confirms it: the pending token becomes the user's TOTP token
        /// under this serial, in the login's write, if it is still pending, sent after <see cref="EnrollmentSentAfterUtc"/>,
        /// and the user still holds no token.
        /// </summary>
        public string? ConfirmsEnrollmentAs { get; private set; }

        /// <summary>The pending serial the code was from, for the audit record.</summary>
        public string? PendingSerial { get; private set; }

        public System.DateTime EnrollmentSentAfterUtc { get; private set; }

        public static CodeUse ConfirmingEnrollment(OtpToken pending, OtpMatch match, System.DateTime sentAfterUtc) =>
            new CodeUse(pending.Id, OtpTokenType.Totp, match.Position, match.DriftSteps, 0)
            {
                ConfirmsEnrollmentAs = PendingEnrollmentSerial.NewConfirmedSerial(),
                PendingSerial = pending.Serial,
                EnrollmentSentAfterUtc = sentAfterUtc,
            };

        public static CodeUse OfBypassCode(long codeId) => new CodeUse(0, OtpTokenType.Totp, 0, 0, 0) { BypassCodeId = codeId };

        public static CodeUse Of(OtpToken token, OtpMatch match) => token.Type == OtpTokenType.Totp
            ? new CodeUse(token.Id, token.Type, match.Position, match.DriftSteps, 0)
            : new CodeUse(token.Id, token.Type, match.Position + 1, 0, token.Counter);
    }
}
