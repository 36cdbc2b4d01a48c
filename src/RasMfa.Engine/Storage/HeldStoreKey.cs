using RasMfa.Engine.Security;

namespace RasMfa.Engine.Storage
{
    /// <summary>
    /// The key a store seals and unseals with now, and the check that proves it before a sealing write: replaced together,
    /// never one without the other, when the process follows a new key (<see cref="StoreKeyFollower"/>).
    /// </summary>
    internal sealed class HeldStoreKey
    {
        public HeldStoreKey(ISecretProtector protector, StoreKeyCheck? check, long generation)
        {
            Protector = protector;
            Check = check;
            Generation = generation;
        }

        public ISecretProtector Protector { get; }

        /// <summary>Null when the caller chose the protector (tests): there is no key to check then.</summary>
        public StoreKeyCheck? Check { get; }

        /// <summary>0 for the key the store was opened with, one more for each key followed since.</summary>
        public long Generation { get; }
    }
}
