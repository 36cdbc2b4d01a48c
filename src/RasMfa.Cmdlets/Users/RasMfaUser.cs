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
            Locked = details.Locked;
            LockedUntil = Locked ? user.LockedUntilUtc!.Value.ToLocalTime() : (DateTime?)null;
            FailedAttempts = user.FailedAttempts;
            TokenSerials = new string[details.TokenSerials.Count];
            for (int i = 0; i < TokenSerials.Length; i++) TokenSerials[i] = details.TokenSerials[i];
            DefaultTokenSerial = details.DefaultTokenSerial;
            Methods = new string[user.Methods.Count];
            for (int i = 0; i < Methods.Length; i++) Methods[i] = user.Methods[i].ToString();
            DefaultMethod = user.DefaultMethod?.ToString();
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
        /// <summary>The serials of the user's tokens, default first, then oldest first.</summary>
        public string[] TokenSerials { get; }

        /// <summary>The token tried first and that a challenge begins with: the one set with -DefaultTokenSerial, else the oldest.</summary>
        public string? DefaultTokenSerial { get; }

        /// <summary>The out-of-band methods the user holds (Sms, Voice, Email), beyond their tokens.</summary>
        public string[] Methods { get; }

        /// <summary>The method a challenge begins with; null: the default token's.</summary>
        public string? DefaultMethod { get; }

        public bool Enrolled => TokenSerials.Length > 0 || Methods.Length > 0;
        public DateTime Created { get; }
        public DateTime Modified { get; }
    }
}
