using System;

namespace RasMfa.Engine.Storage
{
    /// <summary>
    /// Where a login write stands among the others of its batch: by the user whose row it locks, then by the request key whose
    /// row it holds. Every server sorts its batches so, so two servers' batches take the same rows in the same order and
    /// wait for each other instead of deadlocking (PostgreSQL). Writes that lock no user's row (claims) come first, purges last.
    /// </summary>
    internal readonly struct WriteOrder : IComparable<WriteOrder>
    {
        public WriteOrder(long userId, byte[]? requestKey = null)
        {
            UserId = userId;
            RequestKey = requestKey;
        }

        /// <summary>After every other write: a purge's deletes of many expired rows.</summary>
        public static WriteOrder Last => new WriteOrder(long.MaxValue);

        public long UserId { get; }

        public byte[]? RequestKey { get; }

        public int CompareTo(WriteOrder other)
        {
            int byUser = UserId.CompareTo(other.UserId);
            if (byUser != 0) return byUser;
            if (RequestKey == null || other.RequestKey == null) return (RequestKey == null ? 0 : 1) - (other.RequestKey == null ? 0 : 1);
            for (int i = 0; i < Math.Min(RequestKey.Length, other.RequestKey.Length); i++)
                if (RequestKey[i] != other.RequestKey[i]) return RequestKey[i].CompareTo(other.RequestKey[i]);
            return RequestKey.Length.CompareTo(other.RequestKey.Length);
        }
    }
}
