using System;
using System.Threading;
using Microsoft.Extensions.Logging;
using RasMfa.Engine.Audit;
using RasMfa.Engine.Directories;
using RasMfa.Engine.Logging;
using RasMfa.Engine.Storage;

namespace RasMfa.Engine.Hosting
{
    /// <summary>Runs Sync-RasMfaUser for each directory whose SyncIntervalMinutes is set, from the listener, never forced.</summary>
    public sealed class DirectorySyncScheduler : IDisposable
    {
        private readonly IRasMfaStore _store;
        private readonly ConfigurationWatcher _watcher;
        private readonly ILogger _logger;
        private readonly Timer _timer;
        private int _running;

        public DirectorySyncScheduler(IRasMfaStore store, ConfigurationWatcher watcher, ILogger logger, TimeSpan checkEvery)
        {
            _store = store;
            _watcher = watcher;
            _logger = logger;
            _timer = new Timer(_ => RunDue(), null, checkEvery, checkEvery);
        }

        private void RunDue()
        {
            if (Interlocked.Exchange(ref _running, 1) == 1) return;
            try
            {
                foreach (var directory in _watcher.Directories.Values)
                {
                    if (directory.SyncIntervalMinutes <= 0) continue;
                    if (directory.LastSyncUtc.HasValue && DateTime.UtcNow - directory.LastSyncUtc.Value < TimeSpan.FromMinutes(directory.SyncIntervalMinutes)) continue;
                    try
                    {
                        var result = DirectorySync.Run(_store.Directories, _store.Users, directory, importScope: null, removeMissing: false, force: false);
                        if (result.HeldBack)
                            _logger.LogWarning(LogEvents.DirectorySyncHeldBack, "Scheduled sync of {Directory} held back: {Count} users are gone from it, more than {Threshold}; run Sync-RasMfaUser -Force to apply.",
                                DisplayText.Escape(directory.Name), result.Missing.Count, DirectorySync.DefaultThreshold);
                        else
                            _logger.LogInformation("Scheduled sync of {Directory}: {Created} created, {Updated} updated, {Disabled} disabled.", DisplayText.Escape(directory.Name), result.Created, result.Updated, result.Disabled);
                    }
                    catch (Exception e)
                    {
                        _logger.LogError(LogEvents.DirectorySyncFailed, e, "Scheduled sync of {Directory} failed.", DisplayText.Escape(directory.Name));
                    }
                }
            }
            finally
            {
                Interlocked.Exchange(ref _running, 0);
            }
        }

        public void Dispose() => _timer.Dispose();
    }
}
