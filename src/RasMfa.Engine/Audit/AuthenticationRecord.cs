using System;

namespace RasMfa.Engine.Audit
{
    /// <summary>One decision, as the audit log keeps it. Never holds a password, code or secret.</summary>
    public sealed class AuthenticationRecord
    {
        public long Id { get; set; }

        /// <summary>
        /// Made when the decision is (128 bits, hex): a record written again, because its first write's outcome was unknown
        /// (the connection lost at the commit), or standing for a login whose write may have gone in, is stored once.
        /// Null on records stored before RasMfa kept it. See <see cref="NewRecordId"/>.
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

        /// <summary>
        /// The milliseconds since 1970 (48 bits) then 80 random bits, as 32 lower-case hex digits: unique in practice (two
        /// ids made in the same millisecond are equal with odds of one in 2^80), and ordered by time, so that each new id goes
        /// at the end of the store's record_id index, on a page the batch's other records write too, not on a random page of
        /// its own: a page less per login in the WAL and in the checkpoint (bench/RESULTS.md, issue 16).
        /// </summary>
        public static string NewRecordId() => RecordIdAt(DateTime.UtcNow);

        internal static string RecordIdAt(DateTime utc)
        {
            var octets = new byte[16];
            Generator.GetBytes(octets, 6, 10);
            long milliseconds = (utc.Ticks - UnixEpochTicks) / TimeSpan.TicksPerMillisecond;
            for (int i = 5; i >= 0; i--, milliseconds >>= 8) octets[i] = (byte)milliseconds;
            var hex = new char[32];
            for (int i = 0; i < 16; i++)
            {
                hex[2 * i] = HexDigits[octets[i] >> 4];
                hex[2 * i + 1] = HexDigits[octets[i] & 0xF];
            }
            return new string(hex);
        }

        private const long UnixEpochTicks = 621355968000000000;
        private const string HexDigits = "0123456789abcdef";

        // Thread-safe: one generator for every record, not one made and disposed per record.
        private static readonly System.Security.Cryptography.RandomNumberGenerator Generator = System.Security.Cryptography.RandomNumberGenerator.Create();
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
