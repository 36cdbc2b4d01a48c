using System.Text;

namespace RasMfa.Engine.Directories
{
    /// <summary>RFC 4515 escaping: a user name must never change the shape of a filter.</summary>
    public static class LdapFilter
    {
        public static string Escape(string value)
        {
            var builder = new StringBuilder(value.Length);
            foreach (var c in value)
            {
                switch (c)
                {
                    case '\\': builder.Append("\\5c"); break;
                    case '*': builder.Append("\\2a"); break;
                    case '(': builder.Append("\\28"); break;
                    case ')': builder.Append("\\29"); break;
                    case '\0': builder.Append("\\00"); break;
                    default: builder.Append(c); break;
                }
            }
            return builder.ToString();
        }

        /// <summary>The filter that finds one person by the name a RADIUS client sent.</summary>
        public static string ForUser(DirectoryType type, string requestedName)
        {
            var bare = Escape(Users.UserNameRules.BareName(requestedName));
            var full = Escape(requestedName.Trim());
            return type == DirectoryType.ActiveDirectory
                ? $"(&(objectCategory=person)(objectClass=user)(|(sAMAccountName={bare})(userPrincipalName={full})))"
                : $"(&(objectClass=person)(|(uid={bare})(mail={full})))";
        }
    }
}
