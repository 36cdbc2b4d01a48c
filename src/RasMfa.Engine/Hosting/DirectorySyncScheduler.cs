using System;
using System.Threading;
using Microsoft.Extensions.Logging;
using RasMfa.Engine.Audit;
using RasMfa.Engine.Administration;
using RasMfa.Engine.Directories;
using RasMfa.Engine.Entra;
using RasMfa.Engine.Logging;
using RasMfa.Engine.Storage;

namespace RasMfa.Engine.Hosting
{
    /// <summary>Runs Sync-RasMfaUser for each directory and Entra tenant whose SyncIntervalMinutes is set, from the listener, never forced.</summary>
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
                try
                {
                    RunDueEntraTenants();
                }
                catch (Exception e)
                {
                    // Listing the tenants failed (the store is away): the next check tries again.
                    _logger.LogError(LogEvents.DirectorySyncFailed, e, "Scheduled sync of Entra tenants failed.");
                }
            }
            finally
            {
                Interlocked.Exchange(ref _running, 0);
            }
        }

        // Entra tenants are read from the store at each check (few rows); Graph loads only when one is due.
        private void RunDueEntraTenants()
        {
            foreach (var tenant in _store.EntraTenants.List())
            {
                if (tenant.SyncIntervalMinutes <= 0 || tenant.Unreadable != null || tenant.SyncScopes.Length == 0) continue;
                if (tenant.LastSyncUtc.HasValue && DateTime.UtcNow - tenant.LastSyncUtc.Value < TimeSpan.FromMinutes(tenant.SyncIntervalMinutes)) continue;
                var name = DisplayText.Escape(tenant.Name);
                try
                {
                    var result = new EntraUserSync(_store.EntraTenants, _store.Directories, _store.Users).Run(tenant, removeMissing: false, force: false, new LoggedReview(_logger, name));
                    if (result.HeldBack)
                        _logger.LogWarning(LogEvents.DirectorySyncHeldBack, "Scheduled sync of Entra tenant {Directory} held back: {Count} users are gone from its groups, more than {Threshold}; run Sync-RasMfaUser -EntraTenant -Force to apply.",
                            name, result.Missing.Count, DirectorySync.DefaultThreshold);
                    else
                        _logger.LogInformation("Scheduled sync of Entra tenant {Directory}: {Created} created, {Updated} updated, {Disabled} disabled.", name, result.Created, result.Updated, result.Disabled);
                }
                catch (Exception e)
                {
                    _logger.LogError(LogEvents.DirectorySyncFailed, e, "Scheduled sync of Entra tenant {Directory} failed.", name);
                }
            }
        }

        /// <summary>A scheduled sync's warnings go to the log; nobody is there to approve, and the schedule is the admin's approval.</summary>
        private sealed class LoggedReview : IChangeReview
        {
            private readonly ILogger _logger;
            private readonly string _tenant;

            public LoggedReview(ILogger logger, string tenant)
            {
                _logger = logger;
                _tenant = tenant;
            }

            public void Warn(string message) => _logger.LogWarning("Scheduled sync of Entra tenant {Directory}: {Warning}", _tenant, DisplayText.Escape(message));

            public bool Approve(string target, string action) => true;
        }

        public void Dispose() => _timer.Dispose();
    }
}
