using RasMfa.Engine.Administration;
using RasMfa.Engine.Clients;

namespace RasMfa.Engine.Users
{
    /// <summary>What an admin gives to create or change a user; what is not given keeps its stored (or default) value. Blank clears a field.</summary>
    public sealed class UserChanges
    {
        public string? NewUserName { get; set; }

        public Optional<string?> DisplayName { get; set; }

        public Optional<string?> Email { get; set; }

        public Optional<string?> PhoneNumber { get; set; }

        public bool? Enabled { get; set; }

        /// <summary>The out-of-band methods the user holds (Sms, Voice, Email), replacing those held; empty: none. Totp and Hotp come with tokens.</summary>
        public System.Collections.Generic.IReadOnlyList<Clients.MethodKind>? Methods { get; set; }

        /// <summary>The method a challenge begins with: one the user holds (an out-of-band one, or Totp/Hotp for their tokens).</summary>
        public Clients.MethodKind? DefaultMethod { get; set; }

        /// <summary>An imported hardware token to give the user, beside any they hold.</summary>
        public string? TokenSerial { get; set; }

        /// <summary>One of the user's tokens (or <see cref="TokenSerial"/>) to make their default: tried first, and the one a challenge begins with.</summary>
        public string? DefaultTokenSerial { get; set; }
    }
}
