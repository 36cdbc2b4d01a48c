using System;

namespace RasMfa.Engine.BypassCodes
{
    /// <summary>A bypass code as an admin sees it: never the code, which is shown once when it is made and stored only as a keyed hash.</summary>
    public sealed class BypassCode
    {
        public BypassCode(long id, string userName, DateTime createdUtc, DateTime expiresUtc, int usesLeft, string createdBy)
        {
            Id = id;
            UserName = userName;
            CreatedUtc = createdUtc;
            ExpiresUtc = expiresUtc;
            UsesLeft = usesLeft;
            CreatedBy = createdBy;
        }

        public long Id { get; }

        public string UserName { get; }

        public DateTime CreatedUtc { get; }

        public DateTime ExpiresUtc { get; }

        public int UsesLeft { get; }

        /// <summary>The account that made it (DOMAIN\name, and the cmdlet).</summary>
        public string CreatedBy { get; }
    }
}
