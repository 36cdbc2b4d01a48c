using System;
using System.Data.Common;
using System.Security.Cryptography;
using System.Text;
using RasMfa.Engine.Security;

namespace RasMfa.Engine.Storage
{
    /// <summary>
    /// A known value sealed with the store's key and kept in the database (store_key_check). A key or entropy file that
    /// is not the one the database was sealed with (replaced, restored from another store, or a database moved to
    /// another machine under DPAPI) fails to unseal it, and the store is refused before anything is sealed with a second
    /// key. A store from before the check proves its key by unsealing one of its secrets instead, and then gets the value.
    /// </summary>
    internal sealed class StoreKeyCheck
    {
        public const string MismatchErrorId = "StoreKeyMismatch";
        private const string Select = "SELECT sealed FROM store_key_check WHERE id = 1";

        // A store from before the check is judged on a few of its secrets: the right key opens all of them, so the store
        // is refused only when none opens (one damaged secret must not lock the admin out of the rest).
        private const int SecretsTried = 20;
        private static readonly byte[] Known = Encoding.UTF8.GetBytes("RasMfa store key check, version 1");
        private readonly ISecretProtector _protector;
        private byte[] _sealed;

        private readonly Func<string, StoreException> _mismatch;

        private StoreKeyCheck(ISecretProtector protector, byte[] sealedValue, Func<string, StoreException> mismatch)
        {
            _protector = protector;
            _sealed = sealedValue;
            _mismatch = mismatch;
        }

        /// <summary>A check over a value the caller has just read (and found <see cref="Opens"/>) or written (<see cref="SealKnown"/>).</summary>
        internal static StoreKeyCheck Over(ISecretProtector protector, byte[] sealedValue, Func<string, StoreException> mismatch) =>
            new StoreKeyCheck(protector, sealedValue, mismatch);

        /// <summary>The check value as this process last found it in the store, sealed with its key.</summary>
        internal byte[] SealedValue => _sealed;

        /// <summary>True when <paramref name="stored"/> (the store's check value now) is this check's: the same octets, or opened by its key.</summary>
        internal bool Proves(byte[] stored) => SameOctets(stored, _sealed) || Opens(_protector, stored);

        /// <summary>
        /// Proves that <paramref name="protector"/> opens what the database holds, or refuses the store (StoreKeyMismatch).
        /// <paramref name="keyIsNew"/>: the key file was made by this open, for a store with nothing sealed; the value of an
        /// earlier key (lost with nothing depending on it) is replaced. So is a value the key does not open while nothing is
        /// sealed with any key: an open that made a new key and stopped before committing its value (a crash, a kill, the
        /// write lock held past the timeout) must not lock the admin out of a store that depends on no key.
        /// </summary>
        public static StoreKeyCheck Establish(DbConnection connection, StoreFiles files, ISecretProtector protector, byte formatNeedingKey, bool keyIsNew)
        {
            Func<string, StoreException> mismatch = why => Mismatch(files, why);
            using var transaction = connection.BeginTransaction();
            var stored = Read(connection, transaction);
            if (stored != null && !keyIsNew)
            {
                if (Opens(protector, stored)) return new StoreKeyCheck(protector, stored, mismatch);
                // Counted in this write transaction: no secret can be sealed meanwhile (a sealing write checks the value first).
                if (SealedSecretColumns.CountSealedAs(connection, transaction, formatNeedingKey) > 0)
                    throw mismatch("it does not unseal the key check value the database keeps");
            }
            if (!keyIsNew)
            {
                var (tried, opened) = SealedSecretColumns.TryUnseal(connection, transaction, formatNeedingKey, protector, SecretsTried);
                if (tried > 0 && opened == 0) throw mismatch($"it unseals none of the {tried} secret(s) tried");
            }
            var fresh = SealKnown(connection, transaction, protector);
            transaction.Commit();
            return new StoreKeyCheck(protector, fresh, mismatch);
        }

        /// <summary>Writes the known value sealed with <paramref name="protector"/> (replacing any), in <paramref name="transaction"/>; returns it.</summary>
        internal static byte[] SealKnown(DbConnection connection, DbTransaction transaction, ISecretProtector protector)
        {
            var fresh = protector.Protect(Known);
            using (var write = StoreDatabase.Command(connection, transaction, "INSERT INTO store_key_check (id, sealed) VALUES (1, @sealed) ON CONFLICT (id) DO UPDATE SET sealed = excluded.sealed", ("@sealed", fresh)))
                write.ExecuteNonQuery();
            return fresh;
        }

        /// <summary>
        /// Refuses to seal when another process has since made the store a new key (possible only while nothing was sealed):
        /// this process's key would seal a secret that the key file on disk can never open. Called in the sealing write's
        /// own transaction, so the check and the write see the same database.
        /// </summary>
        public void EnsureCurrent(DbConnection connection, DbTransaction transaction)
        {
            var stored = Read(connection, transaction);
            if (stored != null && SameOctets(stored, _sealed)) return;
            // Another open may have sealed the value afresh with the same key (two first opens at once): still ours if it opens.
            if (stored == null || !Opens(_protector, stored))
                throw _mismatch("another process gave the store a new key after this one opened it; open the store again");
            _sealed = stored;
        }

        internal static byte[]? Read(DbConnection connection, DbTransaction? transaction)
        {
            using var command = StoreDatabase.Command(connection, transaction, Select);
            return command.ExecuteScalar() as byte[];
        }

        internal static bool Opens(ISecretProtector protector, byte[] sealedValue)
        {
            try
            {
                return SameOctets(protector.Unprotect(sealedValue), Known);
            }
            catch (Exception e) when (e is CryptographicException || e is PlatformNotSupportedException)
            {
                return false;
            }
        }

        private static bool SameOctets(byte[] a, byte[] b)
        {
            if (a.Length != b.Length) return false;
            int difference = 0;
            for (int i = 0; i < a.Length; i++) difference |= a[i] ^ b[i];
            return difference == 0;
        }

        private static StoreException Mismatch(StoreFiles files, string why) => new StoreException(StoreErrorKind.Unreadable, MismatchErrorId,
            $"{files.KeyFile} is not the key the database {files.Database} was sealed with: {why}. It was replaced, restored from another " +
            "store's backup, or the database was moved from another machine. RasMfa will not use it: secrets sealed with it could never be " +
            $"read together with the ones already there. Put back the {Path(files)} taken together with this database (see docs/security.md, " +
            "'Backing up and restoring'), on the machine that sealed it. If it is lost for good, move the database aside, let RasMfa create a " +
            "new store, and add the RADIUS clients and enrol the tokens again.");

        private static string Path(StoreFiles files) => System.IO.Path.GetFileName(files.KeyFile);
    }
}
