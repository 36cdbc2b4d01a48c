using System;

namespace RasMfa.Engine.Audit
{
    /// <summary>One decision, as the audit log keeps it. Never holds a password, code or secret.</summary>
    public sealed class AuthenticationRecord
    {
        public long Id { get; set; }

        /// <summary>
        /// Made when the decision is (random, 128 bits, hex): a record written again, because its first write's outcome was
        /// unknown (the connection lost at the commit), or standing for a login whose write may have gone in, is stored once.
        /// Null on records stored before RasMfa kept it.
        /// </summary>
        public string? RecordId { get; set; } = NewRecordId();
        public DateTime TimeUtc { get; set; } = DateTime.UtcNow;
        public string ClientName { get; set; } = "";
        public string ClientAddress { get; set; } = "";
        public string UserName { get; set; } = "";
        public string Result { get; set; } = "";
        public string Reason { get; set; } = "";
        public string Method { get; set; } = "";
        public double Milliseconds { get; set; }

        public static string NewRecordId()
        {
            var octets = new byte[16];
            using (var random = System.Security.Cryptography.RandomNumberGenerator.Create()) random.GetBytes(octets);
            return BitConverter.ToString(octets).Replace("-", "").ToLowerInvariant();
        }
    }

    /// <summary>What Get-RasMfaAuthenticationLog asks for.</summary>
    public sealed class AuthenticationLogQuery
    {
        public string? UserName { get; set; }
        public DateTime? AfterUtc { get; set; }
        public DateTime? BeforeUtc { get; set; }
        public string? Result { get; set; }
        /// <summary>The newest this many (of those selected), still shown oldest first.</summary>
        public int? Last { get; set; }

        /// <summary>Of those selected (after <see cref="Last"/>), skip this many of the oldest ...</summary>
        public long Skip { get; set; }

        /// <summary>... and return at most this many.</summary>
        public long? First { get; set; }
    }
}
