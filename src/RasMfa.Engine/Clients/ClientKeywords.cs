using System;
using System.Collections;
using System.Collections.Generic;
using System.Linq;
using RasMfa.Engine.Administration;

namespace RasMfa.Engine.Clients
{
    /// <summary>
    /// A client's automation keywords (RAS's Automation tab): parsed from the admin's table (@{ sms='sms'; call='call'; push='push' }),
    /// stored one "Method:text" a line, and matched against a request's password (<see cref="Mfa.CodeResponse.IsWord"/>). A keyword is never a code: one made only
    /// of digits and spaces (or empty) is refused, and a password that is a keyword is never tried as a code.
    /// </summary>
    public static class ClientKeywords
    {
        public const int MaxLength = 64;

        /// <summary>The names a table's keys may use for each method.</summary>
        private static readonly Dictionary<string, MethodKind> Names = new Dictionary<string, MethodKind>(StringComparer.OrdinalIgnoreCase)
        {
            ["sms"] = MethodKind.Sms,
            ["text"] = MethodKind.Sms,
            ["call"] = MethodKind.Voice,
            ["voice"] = MethodKind.Voice,
            ["phone"] = MethodKind.Voice,
            ["email"] = MethodKind.Email,
            ["mail"] = MethodKind.Email,
            ["push"] = MethodKind.Push,
        };

        /// <summary>The keywords of an admin's table; throws an <see cref="EngineException"/> with an id for a bad entry.</summary>
        public static IReadOnlyList<ClientKeyword> Parse(IDictionary table, string owner)
        {
            var keywords = new List<ClientKeyword>();
            foreach (DictionaryEntry entry in table)
            {
                var name = Convert.ToString(entry.Key, System.Globalization.CultureInfo.InvariantCulture) ?? "";
                if (!Names.TryGetValue(name.Trim(), out var method))
                    throw Invalid("UnknownKeywordMethod", $"{owner}: '{name}' names no method a keyword can start; use sms, call, email or push.");
                var text = (Convert.ToString(entry.Value, System.Globalization.CultureInfo.InvariantCulture) ?? "").Trim();
                var problem = Problem(text);
                if (problem != null) throw Invalid("InvalidKeyword", $"{owner}: the {name} keyword {problem}");
                if (keywords.Any(k => k.Method == method)) throw Invalid("InvalidKeyword", $"{owner}: the method {method} is given two keywords.");
                if (keywords.Any(k => string.Equals(k.Text, text, StringComparison.OrdinalIgnoreCase)))
                    throw Invalid("InvalidKeyword", $"{owner}: the keyword '{text}' is given to two methods.");
                keywords.Add(new ClientKeyword(method, text));
            }
            return keywords;
        }

        /// <summary>Why a keyword's text cannot be one; null when it can.</summary>
        public static string? Problem(string text)
        {
            if (text.Length == 0) return "is empty: an empty password is what -EmptyPasswordAction decides.";
            // Users type codes as apps show them ("123 456"), and CodeResponse drops those spaces.
            if (text.All(c => char.IsDigit(c) || c == ' ')) return $"'{text}' is made only of digits (and spaces), so it could be a code.";
            if (text.Length > MaxLength) return $"is longer than {MaxLength} characters.";
            if (text.Any(char.IsControl)) return "holds a control character.";
            return null;
        }

        /// <summary>"Sms:sms\nVoice:call"; null for none.</summary>
        public static string? Store(IReadOnlyList<ClientKeyword> keywords) =>
            keywords.Count == 0 ? null : string.Join("\n", keywords.Select(k => k.Method + ":" + k.Text));

        /// <summary>A stored list; lines this build cannot read (a newer server's method) are left out.</summary>
        public static IReadOnlyList<ClientKeyword> Read(string? stored)
        {
            var keywords = new List<ClientKeyword>();
            if (string.IsNullOrEmpty(stored)) return keywords;
            foreach (var line in stored!.Split('\n'))
            {
                int colon = line.IndexOf(':');
                if (colon <= 0 || !MethodKinds.TryParse(line.Substring(0, colon), out var method)) continue;
                var text = line.Substring(colon + 1);
                if (Problem(text) == null) keywords.Add(new ClientKeyword(method, text));
            }
            return keywords;
        }

        private static EngineException Invalid(string errorId, string message) => new EngineException(EngineErrorKind.InvalidArgument, errorId, message);
    }
}
