using RasMfa.Engine.Clients;

namespace RasMfa.Engine.Users
{
    /// <summary>Where a user's code of each out-of-band kind goes.</summary>
    public static class MethodRecipients
    {
        /// <summary>Where a code of <paramref name="kind"/> goes for <paramref name="user"/>: an E.164 number, a mail address; null when they have none.</summary>
        public static string? RecipientOf(MfaUser user, MethodKind kind) => kind switch
        {
            MethodKind.Sms => PhoneNumbers.ToE164(user.PhoneNumber),
            MethodKind.Voice => PhoneNumbers.ToE164(user.PhoneNumber),
            MethodKind.Email => user.Email != null && UserFields.IsEmailAddress(user.Email) ? user.Email : null,
            _ => null,
        };
    }
}
