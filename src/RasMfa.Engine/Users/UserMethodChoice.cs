using System.Linq;
using RasMfa.Engine.Administration;
using RasMfa.Engine.Clients;

namespace RasMfa.Engine.Users
{
    /// <summary>The rules of a user's out-of-band and push methods and default method, as New- and Set-RasMfaUser give them.</summary>
    public static class UserMethodChoice
    {
        public static void Apply(MfaUser user, UserChanges changes, string givenName)
        {
            if (changes.Methods != null)
            {
                var tokens = changes.Methods.Where(MethodKinds.ComesWithToken).ToList();
                if (tokens.Count > 0)
                    throw Invalid($"{string.Join(", ", tokens)} comes with a token (Register-RasMfaTotp, Set-RasMfaUser -TokenSerial), not with -Method.", givenName);
                user.Methods = changes.Methods.Distinct().ToList();
                // A default no longer held goes with the method.
                if (user.DefaultMethod is MethodKind held && !MethodKinds.ComesWithToken(held) && !user.Methods.Contains(held)) user.DefaultMethod = null;
            }
            if (changes.DefaultMethod is MethodKind preferred)
            {
                if (!MethodKinds.ComesWithToken(preferred) && !user.Methods.Contains(preferred))
                    throw Invalid($"The default method {preferred} is not one the user holds; give it with -Method too.", givenName);
                user.DefaultMethod = preferred;
            }
            // Checked when methods or contacts change: a user whose imported number is not E.164 can still be renamed or disabled.
            // Push is not: where its link goes (PushNotifyBy) is the server's choice and may change; a user it cannot reach
            // is offered no push at login, as a user without a number is offered no SMS.
            bool contactsChange = changes.Methods != null || changes.PhoneNumber.HasValue || changes.Email.HasValue;
            foreach (var kind in contactsChange ? user.Methods.Where(MethodKinds.IsOutOfBand) : new MethodKind[0])
            {
                if (MethodRecipients.RecipientOf(user, kind) == null)
                    throw Invalid(kind == MethodKind.Email
                        ? "Email codes need the user's mail address: give -Email."
                        : $"{kind} codes need the user's phone number in E.164 form (+1 555 010 0101): give -PhoneNumber.", givenName);
            }
        }

        private static EngineException Invalid(string message, string givenName) =>
            new EngineException(EngineErrorKind.InvalidArgument, "InvalidRasMfaUserMethod", message, target: givenName);
    }
}
