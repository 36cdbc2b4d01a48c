using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;

namespace RasMfa.Cmdlets.Common
{
    /// <summary>The Get-* pattern: items whose name matches any pattern; an exact name that matches nothing is an error.</summary>
    internal static class WildcardSelection
    {
        public static IEnumerable<T> Select<T>(Cmdlet cmdlet, IEnumerable<string> patterns, IReadOnlyList<T> items, Func<T, string> nameOf, string notFoundId, string noun)
        {
            foreach (var pattern in patterns)
            {
                var wildcard = WildcardPattern.Get(pattern, WildcardOptions.IgnoreCase);
                var matches = items.Where(item => wildcard.IsMatch(nameOf(item))).ToList();
                if (matches.Count == 0 && !WildcardPattern.ContainsWildcardCharacters(pattern))
                    cmdlet.WriteError(Errors.Create(notFoundId, ErrorCategory.ObjectNotFound, $"No {noun} is named '{pattern}'.", pattern));
                foreach (var match in matches) yield return match;
            }
        }
    }
}
