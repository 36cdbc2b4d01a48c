using System;

namespace RasMfa.Engine.BypassCodes
{
    /// <summary>A bypass code as a login reads it: its hash key (unsealed), its keyed hash, and whether it may still be used.</summary>
    public sealed class HeldBypassCode
    {
        public HeldBypassCode(long id, byte[] hashKey, byte[] hash, int usesLeft, DateTime expiresUtc)
        {
            Id = id;
            HashKey = hashKey;
            Hash = hash;
            UsesLeft = usesLeft;
            ExpiresUtc = expiresUtc;
        }

        public long Id { get; }

        public byte[] HashKey { get; }

        public byte[] Hash { get; }

        public int UsesLeft { get; }

        public DateTime ExpiresUtc { get; }

        public bool IsLive(DateTime nowUtc) => UsesLeft > 0 && ExpiresUtc > nowUtc;
    }
}
