using System.Collections.Generic;

namespace RasMfa.Engine.Storage.Copy
{
    /// <summary>
    /// Which tables a copy between stores carries, and in what order. Every table of the schema is in exactly one list
    /// (StoreCopyTablesTests checks it against the schema): a schema step that adds a table decides here what a copy does with it.
    /// The names are the same on every database by design.
    /// </summary>
    internal static class StoreCopyTables
    {
        /// <summary>Copied row by row, ids kept, each table after those its rows point at.</summary>
        public static readonly IReadOnlyList<string> Copied = new[]
        {
            "setting",
            "directory",
            "upstream_radius_server",
            "delivery_provider",
            "entra_tenant",
            "approval_page",
            "radius_client",
            "mfa_user",
            "otp_token",
            "bypass_code",
            "authentication_log",
            "decoy_attempts",
        };

        /// <summary>
        /// Each store's own, never copied: change_version (the destination's is moved on, so running listeners reload) and
        /// store_key_check (the destination's key proves itself with its own value), store_key_escrow (the source's wraps the
        /// source's key, which seals nothing in the destination).
        /// </summary>
        public static readonly IReadOnlyList<string> StoresOwn = new[] { "change_version", "store_key_check", "store_key_escrow" };

        /// <summary>
        /// Rows that live for seconds to minutes (a challenge's State, a request's decision, a push approval): not copied, and emptied in the
        /// destination, whose rows name users and clients that the copy replaces. A login half done when the listeners move
        /// to the new store is refused and started again; a State, which finishes a login, exists in one store only.
        /// </summary>
        public static readonly IReadOnlyList<string> Transient = new[] { "challenge", "request_decision", "send_window", "push_approval" };

        /// <summary>Tables whose one row the schema makes: the destination's row is replaced, and it is not counted as data the destination holds.</summary>
        public static readonly IReadOnlyList<string> Singletons = new[] { "decoy_attempts" };

        /// <summary>Ids the database makes for new rows: moved past the copied ones afterwards.</summary>
        public static readonly IReadOnlyList<(string Table, string Column)> GeneratedIds = new[]
        {
            ("mfa_user", "id"),
            ("otp_token", "id"),
            ("bypass_code", "id"),
            ("authentication_log", "id"),
        };

        /// <summary>
        /// Written once every table is in: a user's default token points at a token, whose row points back at the user, and
        /// adding a user's tokens may set it (SQLite's triggers keep a default once a second token arrives).
        /// </summary>
        public static readonly IReadOnlyList<(string Table, string Column, string Key)> WrittenLast = new[]
        {
            ("mfa_user", "default_token_id", "id"),
        };

        public static bool IsSingleton(string table) => Contains(Singletons, table);

        private static bool Contains(IReadOnlyList<string> list, string table)
        {
            foreach (var name in list) if (name == table) return true;
            return false;
        }
    }
}
