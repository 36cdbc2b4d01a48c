using System;

namespace RasMfa.Engine.BypassCodes
{
    /// <summary>A bypass code to store: its hash key in clear (the store seals it) and its keyed hash; never the code.</summary>
    public sealed class NewBypassCode
    {
        public NewBypassCode(byte[] hashKey, byte[] hash, int uses, DateTime createdUtc, DateTime expiresUtc, string createdBy)
        {
            HashKey = hashKey;
            Hash = hash;
            Uses = uses;
            CreatedUtc = createdUtc;
            ExpiresUtc = expiresUtc;
            CreatedBy = createdBy;
        }

        public byte[] HashKey { get; }

        public byte[] Hash { get; }

        public int Uses { get; }

        public DateTime CreatedUtc { get; }

        public DateTime ExpiresUtc { get; }

        public string CreatedBy { get; }
    }
}
