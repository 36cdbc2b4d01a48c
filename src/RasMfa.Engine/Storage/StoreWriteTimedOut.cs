using System;

namespace RasMfa.Engine.Storage
{
    /// <summary>A login's write the store could not make within StoreWriteTimeoutSeconds: nothing of it was made.</summary>
    internal static class StoreWriteTimedOut
    {
        public const string ErrorId = "StoreWriteTimedOut";

        public static StoreException Error(string why, Exception? inner) =>
            new StoreException(StoreErrorKind.Unavailable, ErrorId, why + "; this login's write was not made.", inner);
    }
}
