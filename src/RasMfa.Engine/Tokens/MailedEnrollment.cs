using System;

namespace RasMfa.Engine.Tokens
{
    /// <summary>An enrolment mailed to a user: pending, unusable for login until confirmed with a code from the app.</summary>
    public sealed class MailedEnrollment
    {
        public MailedEnrollment(string userName, string pendingSerial, string recipient, DateTime expiresUtc, string? providerReference)
        {
            UserName = userName;
            PendingSerial = pendingSerial;
            Recipient = recipient;
            ExpiresUtc = expiresUtc;
            ProviderReference = providerReference;
        }

        public string UserName { get; }

        /// <summary>The unassigned token holding the secret until Confirm-RasMfaEnrollment.</summary>
        public string PendingSerial { get; }

        public string Recipient { get; }

        /// <summary>After this, a confirmation is refused and the enrolment must be sent again.</summary>
        public DateTime ExpiresUtc { get; }

        /// <summary>The mail server's answer (its queue id), when it gave one.</summary>
        public string? ProviderReference { get; }
    }

    /// <summary>A mailed enrolment confirmed: the user's new TOTP token.</summary>
    public sealed class ConfirmedEnrollment
    {
        public ConfirmedEnrollment(string userName, string serial, string pendingSerial)
        {
            UserName = userName;
            Serial = serial;
            PendingSerial = pendingSerial;
        }

        public string UserName { get; }

        /// <summary>The token the user now logs in with.</summary>
        public string Serial { get; }

        /// <summary>The pending enrolment it came from (now removed).</summary>
        public string PendingSerial { get; }
    }
}
