using System;
using System.Collections.Generic;
using RasMfa.Engine.Security.Platform;

namespace RasMfa.Engine.Storage.Copy
{
    /// <summary>
    /// A copy of one store into another, as the admin runs it: the source opened to be read only (never written, never
    /// upgraded), what it holds counted and its secrets tried, then the destination opened and everything copied in one
    /// transaction, secrets resealed with the destination's key.
    /// </summary>
    public sealed class StoreCopy : IDisposable
    {
        private readonly StoreDatabase _source;
        private readonly IStorePlatform _platform;
        private SqlStore? _destinationStore;
        private StoreCopier? _copier;

        internal StoreCopy(StoreDatabase source, IStorePlatform platform)
        {
            _source = source;
            _platform = platform;
        }

        /// <summary>Opens <paramref name="source"/> to be read: refused when it does not exist, is not private, or is of another schema version.</summary>
        public static StoreCopy OpenSource(StoreCopyEndpoint source)
        {
            var platform = StorePlatforms.ForThisMachine();
            return new StoreCopy(source.OpenForReading(platform), platform);
        }

        public string Source => _source.Location;

        public string? Destination => _destinationStore?.Location;

        /// <summary>Rows the source holds, per table a copy carries.</summary>
        public IReadOnlyList<StoreCopyTableCount> CountSource() => StoreCopier.CountSource(_source);

        /// <summary>
        /// Records whose secret the source's key cannot open ("token 'ABC123'"); when there are any and
        /// <paramref name="copyUnreadable"/> is false, the copy is refused here (StoreCopyUnreadable), before any destination is opened.
        /// </summary>
        public IReadOnlyList<string> CheckSecrets(bool copyUnreadable)
        {
            var unreadable = StoreCopier.FindUnreadable(_source);
            if (unreadable.Count > 0 && !copyUnreadable) throw StoreCopier.UnreadableRefused(unreadable);
            return unreadable;
        }

        /// <summary>Opens (for SQLite, creates) the destination, bringing its schema up to date.</summary>
        public void OpenDestination(StoreCopyEndpoint destination)
        {
            if (_destinationStore != null) throw new InvalidOperationException("The destination is open already.");
            // Refused before it is opened: opening a store for writing may write to it (its schema, its key check value).
            if (destination.SqliteFile is string file && string.Equals(System.IO.Path.GetFullPath(file), _source.Location, StringComparison.OrdinalIgnoreCase))
                throw StoreCopier.SameStore(_source.Location, _source.Location, samePath: true);
            _destinationStore = destination.OpenForWriting(_platform);
            _copier = new StoreCopier(_source, _destinationStore.Database);
        }

        /// <summary>The tables in which the destination holds data; empty for a store fit to copy into.</summary>
        public IReadOnlyList<StoreCopyTableCount> FindDestinationData() => Copier.FindDestinationData();

        /// <param name="clearDestination">Remove what the destination holds first, in the copy's transaction; else a destination holding data is refused (StoreCopyDestinationNotEmpty).</param>
        /// <param name="copyUnreadable">Copy records whose secret the source's key cannot open without that secret (a value no key opens); else such a source is refused before anything is written (StoreCopyUnreadable).</param>
        /// <param name="progress">Hears each table's start and end and each batch of rows.</param>
        public StoreCopySummary Run(bool clearDestination, bool copyUnreadable, Action<StoreCopyProgress>? progress) =>
            Copier.Run(clearDestination, copyUnreadable, progress);

        public void Dispose() => _destinationStore?.Dispose();

        private StoreCopier Copier => _copier ?? throw new InvalidOperationException("Open the destination first.");
    }
}
