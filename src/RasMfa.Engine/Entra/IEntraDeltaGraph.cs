using System.Collections.Generic;

namespace RasMfa.Engine.Entra
{
    /// <summary>
    /// Graph's delta queries, for Sync-RasMfaUser over Entra scopes; the IEntraGraph that RasMfa.Entra opens implements it too.
    /// A delta link that Graph no longer knows is answered 410 Gone (an EntraGraphException with Status 410): read in full again.
    /// </summary>
    public interface IEntraDeltaGraph
    {
        /// <summary>True when the group has groups among its direct members, whose own changes a group delta does not report.</summary>
        bool HasNestedGroups(string groupId);

        /// <summary>A delta link for the group's direct members from now on, without reading them ($deltatoken=latest).</summary>
        string LatestMembersDeltaLink(string groupId);

        /// <summary>A delta link for users' selected properties from now on, without reading them ($deltatoken=latest).</summary>
        string LatestUsersDeltaLink();

        /// <summary>Who joined and left the group since the link, every page read, and the link for next time.</summary>
        EntraMembershipChanges MembersDelta(string deltaLink);

        /// <summary>The users changed or deleted since the link, every page read, and the link for next time.</summary>
        EntraUserChanges UsersDelta(string deltaLink);

        /// <summary>One user's selected properties; null when no user has the id.</summary>
        EntraUser? ReadUser(string userId);
    }

    public sealed class EntraMembershipChanges
    {
        public List<string> AddedUsers { get; } = new List<string>();
        public List<string> RemovedUsers { get; } = new List<string>();

        /// <summary>A group joined or left the group: its members' membership is transitive, and only a full read follows it.</summary>
        public bool GroupsChanged { get; set; }

        public string DeltaLink { get; set; } = "";
    }

    public sealed class EntraUserChanges
    {
        public List<EntraUser> Changed { get; } = new List<EntraUser>();

        /// <summary>Users deleted (or, with @removed, gone from what the app may read).</summary>
        public List<string> Removed { get; } = new List<string>();

        public string DeltaLink { get; set; } = "";
    }
}
