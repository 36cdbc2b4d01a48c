using System;
using System.Collections.Generic;
using System.Data.Common;
using System.Diagnostics;
using System.Security.Cryptography;

namespace RasMfa.Engine.Storage.Copy
{
    /// <summary>
    /// Copies every table of one store into another: the source read in one snapshot and never written, the destination
    /// written in one transaction (all or nothing), secrets unsealed with the source's key and sealed with the destination's.
    /// </summary>
    internal sealed class StoreCopier
    {
        public const string UnreadableErrorId = "StoreCopyUnreadable";
        public const string NotEmptyErrorId = "StoreCopyDestinationNotEmpty";
        public const string SameStoreErrorId = "StoreCopySameStore";
        public const string FailedErrorId = "StoreCopyFailed";
        private readonly StoreDatabase _source;
        private readonly StoreDatabase _destination;

        public StoreCopier(StoreDatabase source, StoreDatabase destination)
        {
            _source = source;
            _destination = destination;
        }

        /// <summary>Rows per batch, between two progress reports.</summary>
        public int BatchSize { get; set; } = 500;

        /// <summary>Rows the source holds, per table copied.</summary>
        public static IReadOnlyList<StoreCopyTableCount> CountSource(StoreDatabase source)
        {
            using var connection = source.Open();
            using var snapshot = source.Dialect.BeginSnapshot(connection);
            return StoreCopyTarget.Count(connection, snapshot, StoreCopyTables.Copied, skipSingletons: false);
        }

        /// <summary>The records whose secret the source's key cannot open, named as an admin knows them.</summary>
        public static IReadOnlyList<string> FindUnreadable(StoreDatabase source)
        {
            using var connection = source.Open();
            using var snapshot = source.Dialect.BeginSnapshot(connection);
            return Unreadable(source, connection, snapshot);
        }

        /// <summary>The tables in which the destination holds data (a copy replaces it only when told to clear it).</summary>
        public IReadOnlyList<StoreCopyTableCount> FindDestinationData()
        {
            using var connection = _destination.Open();
            return StoreCopyTarget.Count(connection, null, StoreCopyTables.Copied, skipSingletons: true, onlyHeld: true);
        }

        /// <param name="clearDestination">Remove what the destination holds first (in the same transaction); else such a destination is refused.</param>
        /// <param name="copyUnreadable">Copy records whose secret the source's key cannot open without that secret (a value no key opens); else the copy is refused before anything is written.</param>
        public StoreCopySummary Run(bool clearDestination, bool copyUnreadable, Action<StoreCopyProgress>? progress)
        {
            var watch = Stopwatch.StartNew();
            string table = "";
            try
            {
                using var sourceConnection = _source.Open();
                using var snapshot = _source.Dialect.BeginSnapshot(sourceConnection);
                var totals = StoreCopyTarget.Count(sourceConnection, snapshot, StoreCopyTables.Copied, skipSingletons: false);
                var unreadable = Unreadable(_source, sourceConnection, snapshot);
                if (unreadable.Count > 0 && !copyUnreadable) throw UnreadableRefused(unreadable);

                using var destinationConnection = _destination.Open();
                using var transaction = destinationConnection.BeginTransaction();
                // Every secret is sealed with the destination's key: a rotation of that key (which commits under this lock) waits for the copy.
                _destination.Dialect.BeginAdministrativeWrite(destinationConnection, transaction);
                RefuseSameStore(sourceConnection, snapshot, destinationConnection, transaction);
                var target = new StoreCopyTarget(_destination, destinationConnection, transaction);
                var held = target.HeldData();
                if (held.Count > 0 && !clearDestination) throw NotEmpty(held);
                target.Clear();

                var run = new StoreCopyRun(_source, sourceConnection, snapshot, target);
                long rowsTotal = 0, rowsBefore = 0;
                foreach (var count in totals) rowsTotal += count.Rows;
                var copied = new List<StoreCopyTableCount>();
                for (int t = 0; t < totals.Count; t++)
                {
                    table = totals[t].Table;
                    long tableTotal = totals[t].Rows, before = rowsBefore;
                    int number = t + 1;
                    void Report(long done) => progress?.Invoke(new StoreCopyProgress(table, number, totals.Count, done, tableTotal, before + done, rowsTotal));
                    Report(0);
                    long rows = TableCopy.Run(run, table, BatchSize, Report);
                    Report(rows);
                    copied.Add(new StoreCopyTableCount(table, rows));
                    rowsBefore += rows;
                }
                table = "";
                target.Finish();
                transaction.Commit();
                return new StoreCopySummary(_source.Location, _destination.Location, copied, run.SecretsResealed, run.UnreadableCopiedAsIs,
                    held.Count > 0, watch.Elapsed);
            }
            catch (DbException e)
            {
                throw new StoreException(StoreErrorKind.Unavailable, FailedErrorId,
                    $"The copy from {_source.Location} to {_destination.Location} failed{(table.Length == 0 ? "" : " in the table " + table)}, and nothing was written to the destination: {e.Message}", e);
            }
        }

        internal static List<string> Unreadable(StoreDatabase source, DbConnection connection, DbTransaction snapshot)
        {
            var names = new List<string>();
            foreach (var table in StoreCopyTables.Copied)
            {
                var column = SealedSecretColumns.SealedColumnOf(table);
                if (column == null) continue;
                var (noun, nameColumn) = SealedSecretColumns.OwnerOf(table);
                using var select = StoreDatabase.Command(connection, snapshot, $"SELECT {nameColumn}, {column} FROM {table} WHERE {column} IS NOT NULL ORDER BY 1");
                using var reader = select.ExecuteReader();
                while (reader.Read())
                {
                    if (!Opens(source, reader.GetValue(1))) names.Add($"{noun} '{reader.GetValue(0)}'");
                }
            }
            return names;
        }

        // A value that is not octets at all (damaged outside RasMfa) opens no more than octets sealed with another key.
        private static bool Opens(StoreDatabase source, object sealedSecret)
        {
            if (!(sealedSecret is byte[] octets)) return false;
            try
            {
                var plaintext = source.Protector.Unprotect(octets);
                Array.Clear(plaintext, 0, plaintext.Length);
                return true;
            }
            catch (Exception e) when (e is CryptographicException || e is PlatformNotSupportedException)
            {
                return false;
            }
        }

        // Two stores with the same key check value are one store (or a file copy of it): clearing the destination would clear the source.
        private void RefuseSameStore(DbConnection sourceConnection, DbTransaction snapshot, DbConnection destinationConnection, DbTransaction transaction)
        {
            const string Select = "SELECT sealed FROM store_key_check WHERE id = 1";
            using var fromSource = StoreDatabase.Command(sourceConnection, snapshot, Select);
            using var fromDestination = StoreDatabase.Command(destinationConnection, transaction, Select);
            var sourceValue = fromSource.ExecuteScalar() as byte[];
            var destinationValue = fromDestination.ExecuteScalar() as byte[];
            bool samePath = string.Equals(_source.Location, _destination.Location, StringComparison.OrdinalIgnoreCase);
            if (samePath || (sourceValue != null && destinationValue != null && sourceValue.AsSpan().SequenceEqual(destinationValue)))
                throw SameStore(_source.Location, _destination.Location, samePath);
        }

        public static StoreException SameStore(string source, string destination, bool samePath) => new StoreException(StoreErrorKind.Conflict, SameStoreErrorId,
            $"{destination} is the store {source} itself{(samePath ? "" : " (or a copy of its files)")}: a store is not copied onto itself. Name another destination.");

        public static StoreException UnreadableRefused(IReadOnlyList<string> names) => new StoreException(StoreErrorKind.Unreadable, UnreadableErrorId,
            $"The source's key cannot open the secret of {names.Count} record(s): {string.Join(", ", names)}. Nothing was copied. " +
            "Open the source with the key it was sealed with, or replace these secrets in the source; or copy the rest and these records without their secrets " +
            "(they stay unusable in the destination until their secrets are replaced there).");

        private static StoreException NotEmpty(IReadOnlyList<StoreCopyTableCount> held) => new StoreException(StoreErrorKind.Conflict, NotEmptyErrorId,
            $"The destination already holds data ({string.Join(", ", held)}), and a copy goes only into an empty store. Nothing was copied. " +
            "Name an empty store, or have the copy remove everything the destination holds first.");
    }
}
