using System;
using RasMfa.Engine.Users;

namespace RasMfa.Engine.Mfa
{
    /// <summary>What a <see cref="LoginWrite"/> did.</summary>
    public sealed class LoginSettlement
    {
        public LoginSettlement(bool consumed, MfaUser? counted, LoginIneligibility ineligible = LoginIneligibility.None)
        {
            Consumed = consumed;
            Counted = counted;
            Ineligible = ineligible;
        }

        /// <summary>Another server's answer to the same request, found by the write: nothing else written.</summary>
        public static LoginSettlement Elsewhere(RecordedAnswer answer) => new LoginSettlement(false, null) { DecidedElsewhere = answer };

        /// <summary>The challenge the request answers was gone (spent by another request): nothing but the record written.</summary>
        public static LoginSettlement StateGone() => new LoginSettlement(false, null) { StateSpentElsewhere = true };

        /// <summary>Why a code attempt was not admitted: the user, as the write found them, may not try (locked, disabled, removed, or no longer holding the token a matched code was for).</summary>
        public LoginIneligibility Ineligible { get; }

        /// <summary>True: the response was accepted (its code used up now). False after a match: the code had been used already (a replay, or a race).</summary>
        public bool Consumed { get; }

        /// <summary>The user as the counted failure left them; null when no failure was counted.</summary>
        public MfaUser? Counted { get; }

        /// <summary>
        /// Set when another server had recorded its answer to the same request (RAS sends each request to both servers of an
        /// active-active pair): nothing of this login was written, and this is the answer to send.
        /// </summary>
        public RecordedAnswer? DecidedElsewhere { get; private set; }

        /// <summary>The challenge the request answers was spent by another request (a State used twice): refused as unknown.</summary>
        public bool StateSpentElsewhere { get; private set; }

        /// <summary>Set when the rest was written but the audit record could not be.</summary>
        public Exception? AuditError { get; internal set; }
    }
}
