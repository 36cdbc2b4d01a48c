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
        public StoreCopyRun(StoreDatabase source, DbConnection sourceConnection, DbTransaction snapshot,
            StoreDatabase destination, DbConnection destinationConnection, DbTransaction transaction)
        {
            Source = source;
            SourceConnection = sourceConnection;
            Snapshot = snapshot;
            Destination = destination;
            DestinationConnection = destinationConnection;
            Transaction = transaction;
        }

        public StoreDatabase Source { get; }
        public DbConnection SourceConnection { get; }
        public DbTransaction Snapshot { get; }
        public StoreDatabase Destination { get; }
        public DbConnection DestinationConnection { get; }
        public DbTransaction Transaction { get; }

        public long SecretsResealed { get; private set; }

        public List<string> UnreadableCopiedAsIs { get; } = new List<string>();

        /// <summary>Values of <see cref="StoreCopyTables.WrittenLast"/> columns, by table and column: each row's key and value, as the destination takes them.</summary>
        public Dictionary<(string Table, string Column), List<(object Key, object Value)>> WrittenLast { get; } =
            new Dictionary<(string Table, string Column), List<(object Key, object Value)>>();

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
                var resealed = Destination.Seal(DestinationConnection, Transaction, plaintext);
                SecretsResealed++;
                return resealed;
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
