using System;
using System.Collections.Generic;
using System.Linq;

namespace RasMfa.Engine.Entra
{
    /// <summary>The Graph application permissions RasMfa uses, and which of them a token lacks.</summary>
    public static class EntraPermissions
    {
        /// <summary>Read users; read (transitive) group members; read users' phone authentication methods.</summary>
        public static readonly IReadOnlyList<string> ForImport = new[] { "User.Read.All", "GroupMember.Read.All", "UserAuthenticationMethod.Read.All" };

        /// <summary>Send mail as any mailbox (narrowed by an application access policy in Exchange), when mail goes through Graph.</summary>
        public static readonly IReadOnlyList<string> ForMail = new[] { "Mail.Send" };

        /// <summary>The permissions needed and not granted. A broader permission grants what a narrower one would (Group.Read.All reads members too).</summary>
        public static IReadOnlyList<string> Missing(IEnumerable<string> granted, IEnumerable<string> needed)
        {
            var have = new HashSet<string>(granted, StringComparer.OrdinalIgnoreCase);
            return needed.Where(permission => !have.Contains(permission) && !BroaderOf(permission).Any(have.Contains)).ToList();
        }

        private static IEnumerable<string> BroaderOf(string permission)
        {
            switch (permission)
            {
                case "User.Read.All": return new[] { "User.ReadWrite.All", "Directory.Read.All", "Directory.ReadWrite.All" };
                case "GroupMember.Read.All": return new[] { "Group.Read.All", "Group.ReadWrite.All", "GroupMember.ReadWrite.All", "Directory.Read.All", "Directory.ReadWrite.All" };
                case "UserAuthenticationMethod.Read.All": return new[] { "UserAuthenticationMethod.ReadWrite.All" };
                default: return new string[0];
            }
        }
    }

    /// <summary>What Test-RasMfaEntraTenant found.</summary>
    public sealed class EntraTenantTestResult
    {
        public string Tenant { get; set; } = "";
        public bool TokenAcquired { get; set; }
        public bool GraphReached { get; set; }
        public IReadOnlyList<string> GrantedPermissions { get; set; } = new string[0];
        public IReadOnlyList<string> MissingPermissions { get; set; } = new string[0];
        public string? Error { get; set; }

        /// <summary>A token, a Graph call, and every permission an import needs.</summary>
        public bool Succeeded => TokenAcquired && GraphReached && MissingPermissions.Count == 0;
    }
}
