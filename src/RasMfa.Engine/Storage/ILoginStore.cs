using System;
using System.Collections.Generic;
using System.Threading.Tasks;
using RasMfa.Engine.Audit;
using RasMfa.Engine.Tokens;
using RasMfa.Engine.Users;

namespace RasMfa.Engine.Storage
{
    /// <summary>
    /// What a login reads and writes. The read is one query; a decision's writes and its audit record are one unit,
    /// batched with other logins' into shared transactions (group commit), and each task completes only once durable.
    /// </summary>
    public interface ILoginStore
    {
        /// <summary>The user a RADIUS User-Name names (see <see cref="UserNameRules"/>) and the tokens they hold.</summary>
        LoginSubject? Find(string requestedName);

        /// <summary>
        /// The one write of a decision, in one transaction: the code used up (and the failure count cleared) or a failure
        /// counted, then the audit record that <paramref name="describe"/> makes from what was written. An audit record
        /// the store refuses leaves the rest written and is reported in <see cref="LoginSettlement.AuditError"/>.
        /// </summary>
        Task<LoginSettlement> SettleAsync(LoginWrite write, Func<LoginSettlement, AuthenticationRecord> describe);
    }

    /// <summary>A user found for a login, with the tokens they hold (none: not enrolled).</summary>
    public sealed class LoginSubject
    {
        public LoginSubject(MfaUser user, IReadOnlyList<OtpToken> tokens)
        {
            User = user;
            Tokens = tokens;
        }

        public LoginSubject(MfaUser user, OtpToken? token)
            : this(user, token == null ? new OtpToken[0] : new[] { token })
        {
        }

        public MfaUser User { get; }

        /// <summary>The user's tokens, oldest first; the first is their default method.</summary>
        public IReadOnlyList<OtpToken> Tokens { get; }

        /// <summary>The default token, or null when the user holds none.</summary>
        public OtpToken? Token => Tokens.Count == 0 ? null : Tokens[0];
    }

    /// <summary>What a decision writes besides its audit record: nothing, an accepted response, or a failure counted.</summary>
    public sealed class LoginWrite
    {
        public static readonly LoginWrite AuditOnly = new LoginWrite(false, null, 0, null);

        private LoginWrite(bool accepting, CodeUse? use, long userId, LockoutPolicy? lockout)
        {
            Accepting = accepting;
            Use = use;
            UserId = userId;
            Lockout = lockout;
        }

        /// <summary>True: the response matched; the user's failures are cleared once <see cref="Use"/> (if any) is used up.</summary>
        public bool Accepting { get; }

        /// <summary>The code to use up, so that it is never accepted twice; null for a method whose proof is single-use by itself.</summary>
        public CodeUse? Use { get; }

        public long UserId { get; }

        /// <summary>Set: a failure is counted unless the response is accepted, locking at the policy's threshold.</summary>
        public LockoutPolicy? Lockout { get; }

        /// <summary>A matched response: accepted if its code was not used before, else counted as a failure.</summary>
        public static LoginWrite Accept(long userId, CodeUse? use, LockoutPolicy lockout) => new LoginWrite(true, use, userId, lockout);

        public static LoginWrite CountFailure(long userId, LockoutPolicy lockout) => new LoginWrite(false, null, userId, lockout);
    }

    /// <summary>When counted failures lock a user, and for how long, as of now.</summary>
    public sealed class LockoutPolicy
    {
        public LockoutPolicy(int threshold, TimeSpan lockFor, DateTime nowUtc)
        {
            Threshold = threshold;
            LockFor = lockFor;
            NowUtc = nowUtc;
        }

        public int Threshold { get; }

        public TimeSpan LockFor { get; }

        public DateTime NowUtc { get; }
    }

    /// <summary>What a <see cref="LoginWrite"/> did.</summary>
    public sealed class LoginSettlement
    {
        public LoginSettlement(bool consumed, MfaUser? counted, LoginIneligibility ineligible = LoginIneligibility.None)
        {
            Consumed = consumed;
            Counted = counted;
            Ineligible = ineligible;
        }

        /// <summary>Why a matched response was not accepted after all: the user changed while the login was in flight.</summary>
        public LoginIneligibility Ineligible { get; }

        /// <summary>True: the response was accepted (its code used up now). False after a match: the code had been used already (a replay, or a race).</summary>
        public bool Consumed { get; }

        /// <summary>The user as the counted failure left them; null when no failure was counted.</summary>
        public MfaUser? Counted { get; }

        /// <summary>Set when the rest was written but the audit record could not be.</summary>
        public Exception? AuditError { get; internal set; }
    }

    /// <summary>What the write found about the user, as it stands at the moment of accepting (not as read when the login began).</summary>
    public enum LoginIneligibility
    {
        None,
        UserRemoved,
        Disabled,
        Locked,
        TokenRemoved,
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
}
