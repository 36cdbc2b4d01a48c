using System;
using System.Collections.Generic;
using System.Text.Json;

namespace RasMfa.Engine.Entra
{
    /// <summary>
    /// What a sync leaves for the next, per scope ("groupId|attribute"): Graph's delta links and the group's members as
    /// last written (Entra object id to RasMfa user name). Kept as JSON in the tenant's row; written only after the users are.
    /// </summary>
    public sealed class EntraSyncState
    {
        public Dictionary<string, EntraScopeState> Scopes { get; set; } = new Dictionary<string, EntraScopeState>(StringComparer.OrdinalIgnoreCase);

        public static EntraSyncState Parse(string? json)
        {
            if (string.IsNullOrWhiteSpace(json)) return new EntraSyncState();
            try
            {
                var state = JsonSerializer.Deserialize<EntraSyncState>(json!);
                // Unreadable or foreign state is no state: the next sync of each scope is a full read.
                if (state?.Scopes == null) return new EntraSyncState();
                state.Scopes = new Dictionary<string, EntraScopeState>(state.Scopes, StringComparer.OrdinalIgnoreCase);
                return state;
            }
            catch (JsonException)
            {
                return new EntraSyncState();
            }
        }

        public string ToJson() => JsonSerializer.Serialize(this);
    }

    public sealed class EntraScopeState
    {
        public string? MembersDeltaLink { get; set; }
        public string? UsersDeltaLink { get; set; }

        /// <summary>The group has nested groups: group delta reports direct members only, so each sync reads it in full.</summary>
        public bool Nested { get; set; }

        public Dictionary<string, string> Members { get; set; } = new Dictionary<string, string>(StringComparer.Ordinal);
    }
}
