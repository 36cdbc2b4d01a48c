using System;
using RasMfa.Engine.Users;

namespace RasMfa.Cmdlets.Users
{
    /// <summary>A user as cmdlets show it.</summary>
    public sealed class RasMfaUser
    {
        internal RasMfaUser(UserDetails details)
        {
            var user = details.User;
            UserName = user.UserName;
            DisplayName = user.DisplayName;
            Email = user.Email;
            PhoneNumber = user.PhoneNumber;
            Enabled = user.Enabled;
            Locked = user.IsLockedAt(DateTime.UtcNow);
            LockedUntil = Locked ? user.LockedUntilUtc!.Value.ToLocalTime() : (DateTime?)null;
            FailedAttempts = user.FailedAttempts;
            TokenSerial = details.TokenSerial;
            Created = user.CreatedUtc.ToLocalTime();
            Modified = user.ModifiedUtc.ToLocalTime();
        }

        public string UserName { get; }
        public string? DisplayName { get; }
        public string? Email { get; }
        public string? PhoneNumber { get; }
        public bool Enabled { get; }
        public bool Locked { get; }
        public DateTime? LockedUntil { get; }
        public int FailedAttempts { get; }
        public string? TokenSerial { get; }
        public bool Enrolled => TokenSerial != null;
        public DateTime Created { get; }
        public DateTime Modified { get; }
    }
}
