using System;
using RasMfa.Engine.BypassCodes;

namespace RasMfa.Cmdlets.BypassCodes
{
    /// <summary>A bypass code just made, as New-RasMfaBypassCode writes it: the only time the code is shown.</summary>
    public sealed class RasMfaNewBypassCode
    {
        internal RasMfaNewBypassCode(IssuedBypassCode issued)
        {
            Id = issued.Stored.Id;
            UserName = issued.Stored.UserName;
            Code = issued.Code;
            Expires = issued.Stored.ExpiresUtc.ToLocalTime();
            Uses = issued.Stored.UsesLeft;
            CreatedBy = issued.Stored.CreatedBy;
        }

        public long Id { get; }
        public string UserName { get; }

        /// <summary>The code to give the user: typed as it is, digits only, in place of the app's code.</summary>
        public string Code { get; }
        public DateTime Expires { get; }
        public int Uses { get; }
        public string CreatedBy { get; }
    }
}
