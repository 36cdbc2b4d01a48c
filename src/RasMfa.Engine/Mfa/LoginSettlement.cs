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

        /// <summary>Why a code attempt was not admitted: the user, as the write found them, may not try (locked, disabled, removed, or no longer holding the token a matched code was for).</summary>
        public LoginIneligibility Ineligible { get; }

        /// <summary>True: the response was accepted (its code used up now). False after a match: the code had been used already (a replay, or a race).</summary>
        public bool Consumed { get; }

        /// <summary>The user as the counted failure left them; null when no failure was counted.</summary>
        public MfaUser? Counted { get; }

        /// <summary>Set when the rest was written but the audit record could not be.</summary>
        public Exception? AuditError { get; internal set; }
    }
}
