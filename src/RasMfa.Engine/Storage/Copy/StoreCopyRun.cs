using System;
using System.Collections.Generic;
using System.Data.Common;
using System.Security.Cryptography;
using RasMfa.Engine.Security;

namespace RasMfa.Engine.Storage.Copy
{
    /// <summary>One copy under way: the source's snapshot, the destination's one transaction, and what was found on the way.</summary>
    internal sealed class StoreCopyRun
    {
        public StoreCopyRun(StoreDatabase source, DbConnection sourceConnection, DbTransaction snapshot, StoreCopyTarget target)
        {
            Source = source;
            SourceConnection = sourceConnection;
            Snapshot = snapshot;
            Target = target;
        }

        public StoreDatabase Source { get; }
        public DbConnection SourceConnection { get; }
        public DbTransaction Snapshot { get; }

        /// <summary>The destination, in its one transaction.</summary>
        public StoreCopyTarget Target { get; }

        public long SecretsResealed => Target.SecretsSealed;

        public List<string> UnreadableCopiedAsIs { get; } = new List<string>();

        /// <summary>
        /// The secret unsealed with the source's key and sealed with the destination's; in place of one the source's key
        /// cannot open (only reached when the admin chose to copy such records) goes a value no key opens, and its owner is
        /// listed. Never its octets: whoever wrote the source may have put there a secret sealed with the destination's key.
        /// </summary>
        public byte[] Reseal(byte[] sealedSecret, Func<string> owner)
        {
            byte[] plaintext;
            try
            {
                plaintext = Source.Protector.Unprotect(sealedSecret);
            }
            catch (Exception e) when (e is CryptographicException || e is PlatformNotSupportedException)
            {
                UnreadableCopiedAsIs.Add(owner());
                return SealedSecretFormat.NotCopiedValue();
            }
            try
            {
                return Target.Seal(plaintext);
            }
            finally
            {
                Array.Clear(plaintext, 0, plaintext.Length);
            }
        }

        /// <summary>A sealed column that holds no octets at all (damaged outside RasMfa): unreadable, and not copied either.</summary>
        public byte[] CarryDamaged(object value, string owner)
        {
            UnreadableCopiedAsIs.Add(owner);
            return SealedSecretFormat.NotCopiedValue();
        }
    }
}
