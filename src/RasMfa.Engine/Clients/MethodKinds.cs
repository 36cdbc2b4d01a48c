using System;
using System.Collections.Generic;
using System.Linq;
using RasMfa.Engine.Delivery;

namespace RasMfa.Engine.Clients
{
    /// <summary>How method kinds are named, stored ("Sms,Email") and sent through.</summary>
    public static class MethodKinds
    {
        /// <summary>
        /// What a client allows when the admin has not said: the OATH tokens only. A code sent out of band is weaker (a SIM
        /// swap, a mailbox read by someone else) and costs money per send, so each client opts in (-AllowedMethod).
        /// </summary>
        public static readonly IReadOnlyList<MethodKind> DefaultAllowed = new[] { MethodKind.Totp, MethodKind.Hotp };

        public static readonly IReadOnlyList<MethodKind> OutOfBand = new[] { MethodKind.Sms, MethodKind.Voice, MethodKind.Email };

        public static bool IsOutOfBand(MethodKind kind) => kind == MethodKind.Sms || kind == MethodKind.Voice || kind == MethodKind.Email;

        /// <summary>A kind a user holds through a token (Register-RasMfaTotp, -TokenSerial), not through Set-RasMfaUser -Method.</summary>
        public static bool ComesWithToken(MethodKind kind) => kind == MethodKind.Totp || kind == MethodKind.Hotp;

        /// <summary>The name the audit log and a challenge record use ("TOTP", "SMS").</summary>
        public static string AuditName(MethodKind kind) => kind switch
        {
            MethodKind.Totp => "TOTP",
            MethodKind.Hotp => "HOTP",
            MethodKind.Sms => "SMS",
            MethodKind.Voice => "Voice",
            MethodKind.Email => "Email",
            MethodKind.Push => "Push",
            _ => kind.ToString(),
        };

        /// <summary>Words for a Reply-Message ("the SMS", "the call").</summary>
        public static string Spoken(MethodKind kind) => kind switch
        {
            MethodKind.Sms => "SMS",
            MethodKind.Voice => "voice call",
            MethodKind.Email => "e-mail",
            MethodKind.Push => "push approval",
            _ => AuditName(kind),
        };

        public static DeliveryKind Delivery(MethodKind kind) => kind switch
        {
            MethodKind.Sms => DeliveryKind.Sms,
            MethodKind.Voice => DeliveryKind.Voice,
            MethodKind.Email => DeliveryKind.Email,
            _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "not an out-of-band method"),
        };

        /// <summary>"Sms,Email"; null for none.</summary>
        public static string? Join(IReadOnlyList<MethodKind>? kinds) => kinds == null || kinds.Count == 0 ? null : string.Join(",", kinds.Distinct());

        /// <summary>
        /// The kinds a stored list names; names this build does not know (a newer server's) are left out. None (most users'
        /// column, read at every login) is one shared empty list: an array of no elements cannot be changed.
        /// </summary>
        public static IReadOnlyList<MethodKind> Parse(string? stored)
        {
            if (string.IsNullOrWhiteSpace(stored)) return Array.Empty<MethodKind>();
            var kinds = new List<MethodKind>();
            foreach (var part in stored!.Split(','))
            {
                if (TryParse(part.Trim(), out var kind) && !kinds.Contains(kind)) kinds.Add(kind);
            }
            return kinds;
        }

        public static bool TryParse(string? text, out MethodKind kind)
        {
            kind = default;
            return !string.IsNullOrEmpty(text) && !IsNumber(text!) && Enum.TryParse(text, true, out kind) && Enum.IsDefined(typeof(MethodKind), kind);
        }

        private static bool IsNumber(string text) => text.All(c => char.IsDigit(c) || c == '-' || c == '+');
    }
}
