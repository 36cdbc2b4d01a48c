using RasMfa.Engine.Storage;

namespace RasMfa.Cmdlets.Common
{
    /// <summary>Cmdlets work on the same store the listener uses: RASMFA_DATABASE or the per-machine default.</summary>
    internal static class StoreAccess
    {
        public static IRasMfaStore Open() => SqliteStore.OpenDefault();
    }
}
