using System;
using RasMfa.Engine.Administration;

namespace RasMfa.Engine.Security
{
    /// <summary>
    /// A shared store's id: 1 to 64 of A-Z, a-z, 0-9, '-', '_' (a GUID's text fits). It names the store in escrows and
    /// the file each server keeps the store's key in, so it can never be a path ('..', '/', '\') or differ by encoding.
    /// </summary>
    internal static class StoreIds
    {
        public const int MaxLength = 64;

        public static bool IsValid(string? storeId)
        {
            if (string.IsNullOrEmpty(storeId) || storeId!.Length > MaxLength) return false;
            foreach (char c in storeId)
                if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_')) return false;
            return true;
        }

        public static void Check(string? storeId)
        {
            if (storeId == null) throw new ArgumentNullException(nameof(storeId));
            if (!IsValid(storeId))
                throw new StoreKeyException(EngineErrorKind.InvalidArgument, StoreKeyException.StoreIdInvalidId,
                    $"'{storeId}' is not a store id: it has 1 to {MaxLength} letters (A-Z), digits, '-' or '_'.", target: storeId);
        }
    }
}
