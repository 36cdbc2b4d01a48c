using System;
using RasMfa.Engine.BypassCodes;

namespace RasMfa.Cmdlets.BypassCodes
{
    /// <summary>A bypass code as Get-RasMfaBypassCode shows it: never the code.</summary>
    public sealed class RasMfaBypassCode
    {
        internal RasMfaBypassCode(BypassCode code, DateTime nowUtc)
        {
            Id = code.Id;
            UserName = code.UserName;
            Created = code.CreatedUtc.ToLocalTime();
            Expires = code.ExpiresUtc.ToLocalTime();
            UsesLeft = code.UsesLeft;
            Usable = code.UsesLeft > 0 && code.ExpiresUtc > nowUtc;
            CreatedBy = code.CreatedBy;
        }

        public long Id { get; }
        public string UserName { get; }
        public DateTime Created { get; }
        public DateTime Expires { get; }
        public int UsesLeft { get; }

        /// <summary>Not expired and a use left: it still logs in.</summary>
        public bool Usable { get; }
        public string CreatedBy { get; }
    }
}
