using System;
using RasMfa.Engine.Clients;

namespace RasMfa.Engine.Users
{
    /// <summary>A person who logs in through RADIUS and proves a second factor.</summary>
    public sealed class MfaUser
    {
        public MfaUser(string userName) => UserName = userName;

        public long Id { get; set; }

        /// <summary>As the admin entered it: name, DOMAIN\name or name@suffix; matched without case (see <see cref="UserNameRules"/>).</summary>
        public string UserName { get; set; }

        public string? DisplayName { get; set; }

        public string? Email { get; set; }

        public string? PhoneNumber { get; set; }

        public bool Enabled { get; set; } = true;

        /// <summary>The out-of-band methods the user holds beyond their tokens (Sms, Voice, Email); none by default.</summary>
        public System.Collections.Generic.IReadOnlyList<Clients.MethodKind> Methods { get; set; } = System.Array.Empty<Clients.MethodKind>();

        /// <summary>The method a challenge begins with; null: the default token's, then the out-of-band methods in order.</summary>
        public Clients.MethodKind? DefaultMethod { get; set; }

        /// <summary>Consecutive failed logins; reset only by a success or Unlock-RasMfaUser, never by time alone.</summary>
        public int FailedAttempts { get; set; }

        public DateTime? LockedUntilUtc { get; set; }

        /// <summary>The directory that supplied the user, if any.</summary>
        public string? SourceDirectory { get; set; }

        public DateTime CreatedUtc { get; set; } = DateTime.UtcNow;

        public DateTime ModifiedUtc { get; set; } = DateTime.UtcNow;

        public bool IsLockedAt(DateTime nowUtc) => LockedUntilUtc.HasValue && LockedUntilUtc.Value > nowUtc;
    }
}
