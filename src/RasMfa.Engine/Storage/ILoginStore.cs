using System;
using System.Threading.Tasks;
using RasMfa.Engine.Audit;
using RasMfa.Engine.Tokens;
using RasMfa.Engine.Users;

namespace RasMfa.Engine.Storage
{
    /// <summary>
    /// What a login reads and writes. The read is one query; the writes are batched with other logins' writes into
    /// shared transactions (group commit), and each task completes only once its write is durable.
    /// </summary>
    public interface ILoginStore
    {
        /// <summary>The user a RADIUS User-Name names (see <see cref="UserNameRules"/>) and their token, if any.</summary>
        LoginSubject? Find(string requestedName);

        /// <summary>
        /// In one transaction: the code is used up, the user's failure count is cleared, the audit record is written.
        /// When the code was used already, nothing is written and <see cref="CodeAcceptance.Consumed"/> is false.
        /// </summary>
        Task<CodeAcceptance> AcceptCodeAsync(CodeUse use, long userId, AuthenticationRecord audit);

        /// <summary>Counts a failure atomically; locks the user for <paramref name="lockFor"/> when the count reaches the threshold.</summary>
        Task<MfaUser> RecordFailureAsync(long userId, int threshold, TimeSpan lockFor, DateTime nowUtc);

        Task WriteAuditAsync(AuthenticationRecord record);
    }

    /// <summary>A user found for a login, with the token they hold (null: not enrolled).</summary>
    public sealed class LoginSubject
    {
        public LoginSubject(MfaUser user, OtpToken? token)
        {
            User = user;
            Token = token;
        }

        public MfaUser User { get; }

        public OtpToken? Token { get; }
    }

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

        public static CodeUse Of(OtpToken token, OtpMatch match) => token.Type == OtpTokenType.Totp
            ? new CodeUse(token.Id, token.Type, match.Position, match.DriftSteps, 0)
            : new CodeUse(token.Id, token.Type, match.Position + 1, 0, token.Counter);
    }

    public sealed class CodeAcceptance
    {
        public CodeAcceptance(bool consumed, Exception? auditError)
        {
            Consumed = consumed;
            AuditError = auditError;
        }

        /// <summary>False: the code had been used already (a replay, or a race with another copy of the same request).</summary>
        public bool Consumed { get; }

        /// <summary>Set when the code was used up but its audit record could not be written.</summary>
        public Exception? AuditError { get; }
    }
}
