using RasMfa.Engine.Administration;

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

        /// <summary>An imported hardware token to give the user, beside any they hold.</summary>
        public string? TokenSerial { get; set; }

        /// <summary>One of the user's tokens (or <see cref="TokenSerial"/>) to make their default: tried first, and the one a challenge begins with.</summary>
        public string? DefaultTokenSerial { get; set; }
    }
}
