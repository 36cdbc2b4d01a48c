using System;
using System.Collections.Generic;
using System.Linq;

namespace RasMfa.Engine.FirstFactors
{
    /// <summary>
    /// Which directory account a passed first factor authenticated, under every name the directory takes for it
    /// (userPrincipalName, DOMAIN\sAMAccountName, the bare sAMAccountName, the distinguished name, objectGUID): a user may
    /// log in under any of them, and the stored user is found by them, not only by the name sent. When the directory
    /// accepted the password but could not say which account that was, the account is unresolved, and such a login is
    /// never let through as an unknown user.
    /// </summary>
    public sealed class FirstFactorAccount
    {
        private FirstFactorAccount(bool isIdentified, IReadOnlyList<string> names, string description)
        {
            IsIdentified = isIdentified;
            Names = names;
            Description = description;
        }

        /// <summary>An account the directory named; <paramref name="description"/> (its DN) goes to the audit log.</summary>
        public static FirstFactorAccount Named(string description, IEnumerable<string?> names)
        {
            var distinct = names.Where(name => !string.IsNullOrWhiteSpace(name)).Select(name => name!.Trim())
                .Distinct(StringComparer.OrdinalIgnoreCase).ToList();
            if (distinct.Count == 0) return Unresolved("the directory gave the account no name");
            return new FirstFactorAccount(true, distinct, description);
        }

        /// <summary>The password was accepted, but the directory did not say whose it was; <paramref name="why"/> for the audit log.</summary>
        public static FirstFactorAccount Unresolved(string why) => new FirstFactorAccount(false, new string[0], why);

        public bool IsIdentified { get; }

        /// <summary>Every name the directory takes for the account; empty when unresolved.</summary>
        public IReadOnlyList<string> Names { get; }

        /// <summary>The account's distinguished name, or why it could not be told.</summary>
        public string Description { get; }
    }
}
