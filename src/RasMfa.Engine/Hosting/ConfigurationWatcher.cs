using System;
using System.Threading;
using Microsoft.Extensions.Logging;
using RasMfa.Engine.Clients;
using RasMfa.Engine.Configuration;
using RasMfa.Engine.Delivery;
using RasMfa.Engine.Storage;
using RasMfa.Engine.Logging;

namespace RasMfa.Engine.Hosting
{
    /// <summary>
    /// Keeps the listener's snapshot of clients and settings in step with the store: polls the store's change version and
    /// reloads on a change, so a cmdlet in any session or process reaches a running listener within one interval. On a shared
    /// store it also looks at the store's key check value: when the store was given a new key, the listener follows it from
    /// this server's key files (<see cref="StoreKeyFollower"/>) and reloads its snapshot with it.
    /// </summary>
    public sealed class ConfigurationWatcher : IDisposable
    {
        private readonly IRasMfaStore _store;
        private readonly ILogger _logger;
        private readonly Timer _timer;
        private long _loadedVersion = -1;
        private long _lastReadTicks = DateTime.MinValue.Ticks;
        private long _loadedKeyGeneration;
        private readonly TimeSpan _interval;
        private string _slowFirstFactorsWarned = "";
        private int _polling;
        private long _failedPolls;

        private readonly DeliveryEnvironment _delivery;
        private string _deliveryLoaded = "";

        public ConfigurationWatcher(IRasMfaStore store, TimeSpan interval, ILogger logger, DeliveryEnvironment? delivery = null)
        {
            _store = store;
            _logger = logger;
            _delivery = (delivery ?? new DeliveryEnvironment(logger)).WithGraphMail(Entra.EntraMailChannels.For(store.EntraTenants));
            _interval = interval;
            Reload();
            _lastReadTicks = DateTime.UtcNow.Ticks;
            _timer = new Timer(_ => Poll(), null, interval, interval);
        }

        public ClientRegistry Current { get; private set; } = ClientRegistry.Empty;

        /// <summary>When the store last answered a poll (this machine's clock): /health/ready tells whether it still answers.</summary>
        public DateTime LastReadUtc => new DateTime(Interlocked.Read(ref _lastReadTicks), DateTimeKind.Utc);

        public MfaSettings Settings { get; private set; } = new MfaSettings();

        public System.Collections.Generic.IReadOnlyDictionary<string, Directories.DirectoryDefinition> Directories { get; private set; } =
            new System.Collections.Generic.Dictionary<string, Directories.DirectoryDefinition>();

        public System.Collections.Generic.IReadOnlyDictionary<string, FirstFactors.UpstreamRadiusServer> UpstreamServers { get; private set; } =
            new System.Collections.Generic.Dictionary<string, FirstFactors.UpstreamRadiusServer>();

        /// <summary>The channels out-of-band methods send through, made from the store's delivery providers.</summary>
        public ConfiguredDeliveryChannels Channels { get; private set; } = ConfiguredDeliveryChannels.None;

        public DateTime LastReloadUtc { get; private set; }

        /// <summary>
        /// Raised on the watcher's thread after a reload that a change in the store caused (not the first load): for what the
        /// listener keeps beside the snapshot (the push approval page). A handler that throws is logged; the snapshot stands.
        /// </summary>
        public event Action? Reloaded;

        /// <summary>
        /// One look at the store's change version, reloading on a change. A store that cannot be read keeps the last good
        /// snapshot serving: the first failed look is logged, the rest are counted, and the first that works again says how
        /// many failed, so that an outage of the store writes two lines, not one per interval.
        /// </summary>
        internal void Poll()
        {
            if (Interlocked.Exchange(ref _polling, 1) == 1) return;
            try
            {
                var keys = (_store as SqlStore)?.KeyFollower;
                keys?.Check();
                // Secrets read with the key held before (records flagged unreadable meanwhile) are read again with the one followed.
                if (_store.GetChangeVersion() != Interlocked.Read(ref _loadedVersion) || (keys != null && keys.Held.Generation != Interlocked.Read(ref _loadedKeyGeneration)))
                {
                    Reload();
                    Followers();
                }
                Interlocked.Exchange(ref _lastReadTicks, DateTime.UtcNow.Ticks);
                if (_failedPolls > 0)
                {
                    _logger.LogWarning(LogEvents.ConfigurationReadable, "Reading RADIUS clients and settings from {Store} works again, after {Count} failed tries.", _store.Location, _failedPolls);
                    _failedPolls = 0;
                }
            }
            catch (Exception e)
            {
                // Keep serving the last good snapshot; a locked, briefly unreadable or unreachable store must not stop the listener.
                if (_failedPolls++ == 0)
                    _logger.LogError(LogEvents.ConfigurationUnreadable, e, "Reading RADIUS clients and settings from {Store} failed; keeping the {Count} clients loaded before, and trying again every {Seconds} s (logged again once it works).",
                        _store.Location, Current.Count, _interval.TotalSeconds);
            }
            finally
            {
                Interlocked.Exchange(ref _polling, 0);
            }
        }

        private void Reload()
        {
            long keyGeneration = (_store as SqlStore)?.KeyFollower?.Held.Generation ?? 0;
            long version = _store.GetChangeVersion();
            // A record whose secret cannot be unsealed disables itself only: its client's packets are dropped (the registry
            // still matches its address, so no broader client answers for it), an upstream server or directory is left out.
            var clients = _store.Clients.List();
            foreach (var client in clients)
            {
                if (client.Unreadable != null) _logger.LogError(LogEvents.ConfigurationEntrySkipped, "RADIUS client {Client} is disabled: {Problem}", client.Name, client.Unreadable);
                // A rotated secret: codes already sent under the old one still check until they expire.
                client.CarryOver(Current.Named(client.Name));
            }
            var registry = new ClientRegistry(clients);
            Settings = _store.Settings.Get();
            UpstreamServers = System.Linq.Enumerable.ToDictionary(Readable(_store.UpstreamServers.List(), u => u.Name, u => u.Unreadable, "Upstream RADIUS server"),
                u => u.Name, StringComparer.OrdinalIgnoreCase);
            Directories = System.Linq.Enumerable.ToDictionary(Readable(_store.Directories.List(), d => d.Name, d => d.Unreadable, "Directory"),
                d => d.Name, StringComparer.OrdinalIgnoreCase);
            ReloadChannels();
            Current = registry;
            WarnOfSlowFirstFactors();
            Interlocked.Exchange(ref _loadedVersion, version);
            Interlocked.Exchange(ref _loadedKeyGeneration, keyGeneration);
            LastReloadUtc = DateTime.UtcNow;
            _logger.LogInformation(LogEvents.ConfigurationReloaded, "Loaded {Count} RADIUS clients (store version {Version}).", registry.Count, version);
        }

        private void Followers()
        {
            try
            {
                Reloaded?.Invoke();
            }
            catch (Exception e) when (!(e is OutOfMemoryException))
            {
                _logger.LogError(LogEvents.ConfigurationUnreadable, e, "Following a change in {Store} failed; the clients and settings were loaded.", _store.Location);
            }
        }

        // Channels are made again only when a provider changed (or the key that opens their secrets did), not at every
        // reload of the clients: a channel may hold an HTTP client and its connections.
        private void ReloadChannels()
        {
            var providers = _store.DeliveryProviders.List();
            var loaded = string.Join("\n", System.Linq.Enumerable.Select(providers, p => $"{p.Kind} {p.Provider} {StoreDatabase.Time(p.ModifiedUtc)} {p.Unreadable != null}"));
            if (loaded == _deliveryLoaded && _loadedKeyGeneration == ((_store as SqlStore)?.KeyFollower?.Held.Generation ?? 0)) return;
            var replaced = Channels;
            Channels = ConfiguredDeliveryChannels.From(providers, _delivery);
            // The old channels let go of their HttpClients once the sends in flight through them are done.
            replaced.Retire(Channels);
            _deliveryLoaded = loaded;
        }

        // At the start, and again when what would be said changes (not at every reload of the clients).
        private void WarnOfSlowFirstFactors()
        {
            var warnings = SlowFirstFactors.Warnings(Settings, Directories.Values, UpstreamServers.Values);
            var said = string.Join("\n", warnings);
            if (said == _slowFirstFactorsWarned) return;
            _slowFirstFactorsWarned = said;
            foreach (var warning in warnings) _logger.LogWarning("{Warning}", warning);
        }

        private System.Collections.Generic.IEnumerable<T> Readable<T>(System.Collections.Generic.IEnumerable<T> records, Func<T, string> name, Func<T, string?> unreadable, string kind)
        {
            foreach (var record in records)
            {
                var problem = unreadable(record);
                if (problem == null) yield return record;
                else _logger.LogError(LogEvents.ConfigurationEntrySkipped, "{Kind} {Name} is skipped: {Problem}", kind, name(record), problem);
            }
        }

        public void Dispose()
        {
            _timer.Dispose();
            Channels.Dispose();
        }
    }
}
