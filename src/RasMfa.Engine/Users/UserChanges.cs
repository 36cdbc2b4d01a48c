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

        /// <summary>An imported hardware token to give the user, who must have none.</summary>
        public string? TokenSerial { get; set; }
    }
}
