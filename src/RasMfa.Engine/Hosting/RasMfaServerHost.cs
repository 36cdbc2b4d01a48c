using System;
using System.Linq;
using System.Net;
using Microsoft.Extensions.Logging;
using RasMfa.Engine.FirstFactors;
using RasMfa.Engine.Hosting.Control;
using RasMfa.Engine.Hosting.Metrics;
using RasMfa.Engine.Mfa;
using RasMfa.Engine.Mfa.Methods;
using RasMfa.Engine.Radius.Server;
using RasMfa.Engine.Storage;
using RasMfa.Engine.Logging;

namespace RasMfa.Engine.Hosting
{
    /// <summary>The one listener of this process: started and stopped from any PowerShell runspace, running in the background.</summary>
    public static class RasMfaServerHost
    {
        private static readonly object Gate = new object();
        private static volatile Running? _running;

        public static MemoryLog Log { get; } = new MemoryLog();

        public static bool IsRunning
        {
            get { lock (Gate) return _running != null; }
        }

        /// <summary>Starts the listener; throws InvalidOperationException when one already runs, SocketException when the port is taken.</summary>
        public static ServerStatus Start(ServerStartOptions options, IAccessRequestHandler? handler = null)
        {
            lock (Gate)
            {
                if (_running != null) throw new InvalidOperationException($"The RasMfa RADIUS server already listens on {string.Join(", ", _running.Server.Endpoints)}. Stop it first.");
                // Providers given to the constructor are not disposed with the factory: the service host owns its own.
                // Each of them behind a guard: a sink that throws (a full Event Log) must not fail the logins its lines describe.
                var sinkFaults = Log.CreateLogger("RasMfa.Logging");
                var loggerFactory = new LoggerFactory(new ILoggerProvider[] { Log }
                    .Concat(options.LogProviders.Select(sink => (ILoggerProvider)new NeverThrowingLoggerProvider(sink, sinkFaults))));
                var logger = loggerFactory.CreateLogger("RasMfa.Radius");
                var storeLogger = loggerFactory.CreateLogger("RasMfa.Store");
                // The store every session would open (RASMFA_DATABASE, the machine-wide setting, the built-in path) unless the caller names a file.
                var store = options.DatabasePath == null ? StoreSelection.Current().Open(storeLogger) : new SqliteStore(options.DatabasePath, logger: storeLogger);
                ConfigurationWatcher? watcher = null;
                StoreClock? clock = null;
                RadiusServer? server = null;
                MetricsEndpoint? endpoint = null;
                PushHosting? push = null;
                ChallengeStore challenges;
                UpstreamReplyLog upstreamReplies;
                RequestProcessor processor;
                try
                {
                    // The watcher's first load reads the settings: a row this build cannot parse throws here, after the open.
                    watcher = new ConfigurationWatcher(store, options.ReloadInterval, logger,
                        options.Delivery ?? new Delivery.DeliveryEnvironment(loggerFactory.CreateLogger("RasMfa.Delivery")));
                    var settings = watcher;
                    // Everything the listener times (TOTP steps, lockouts, challenges, claims, kept answers, purges) by the store's
                    // clock, so that the servers sharing the store agree whatever their own clocks say.
                    clock = new StoreClock(() => DateTime.UtcNow, store.ReadClockUtc, storeLogger).StartMeasuring(StoreClock.MeasureEvery);
                    challenges = new ChallengeStore(store.Logins, clock.UtcNow, () => settings.Settings, loggerFactory.CreateLogger("RasMfa.Mfa"));
                    if (store is SqlStore sql) sql.LoginWriteTimeout = () => TimeSpan.FromSeconds(settings.Settings.StoreWriteTimeoutSeconds);
                    upstreamReplies = new UpstreamReplyLog(loggerFactory.CreateLogger("RasMfa.Upstream"), TimeSpan.FromSeconds(10));
                    // Made only when served: a session without an endpoint pays nothing on the request path.
                    var metrics = options.MetricsAddress != null ? new ListenerMetrics(Status) : null;
                    var followedChannels = new Delivery.FollowedDeliveryChannels(() => settings.Channels);
                    var sendLimits = (store as SqlStore)?.SendLimits;
                    push = PushHosting.Start(store, () => settings.Settings, followedChannels, clock.UtcNow, loggerFactory.CreateLogger("RasMfa.Push"));
                    handler ??= new MfaRequestHandler(store.Logins, () => settings.Settings, challenges, loggerFactory.CreateLogger("RasMfa.Mfa"), clock.UtcNow,
                        firstFactorFor: FirstFactorCheckers.From(() => settings.UpstreamServers, () => settings.Directories, upstreamReplies), timings: metrics,
                        methodsOf: subject => UserMethods.Of(subject, followedChannels, sendLimits, push.Method),
                        deliveryChannels: followedChannels, sendLimits: sendLimits, push: push.Method);
                    // The approval page as Set-RasMfaApprovalPage last defined it, without a restart of the listener.
                    watcher.Reloaded += push.Follow;
                    processor = new RequestProcessor(() => settings.Current, handler, new ServerCounters(),
                        new DuplicateCache(options.DuplicateCacheLifetime, maxEntries: options.DuplicateCacheMaxEntries), new StatusServerLimiter(),
                        new InFlightGate(() => settings.Settings.MaxRequestsInFlight), logger, metrics);
                    server = new RadiusServer(processor, logger);
                    var addresses = options.LocalAddresses.Count > 0 ? options.LocalAddresses.ToArray() : new[] { IPAddress.Any, IPAddress.IPv6Any };
                    server.Start(addresses, options.Port, settings.Settings.ReceiveBufferBytes);
                    // After the bind, so that /health/ready never says ready before the socket is.
                    if (metrics != null)
                        endpoint = MetricsEndpoint.Start(options.MetricsAddress!, metrics, () => IsReady(options.ReadyStoreAge), loggerFactory.CreateLogger("RasMfa.Metrics"));
                }
                catch
                {
                    // A start that fails after the store opened (the settings' first load, the bind) lets go of everything it
                    // opened: the store's writer thread and connections (a PostgreSQL pool) would otherwise stay for every retry.
                    endpoint?.Dispose();
                    server?.Dispose();
                    push?.Dispose();
                    watcher?.Dispose();
                    clock?.Dispose();
                    (store as IDisposable)?.Dispose();
                    loggerFactory.Dispose();
                    throw;
                }
                logger.LogInformation(LogEvents.ListenerStarted, "Listening on {Endpoints} with the store {Store}.", string.Join(", ", server.Endpoints), store.Location);
                if (endpoint != null) logger.LogInformation("Serving metrics and health at {Prefix}.", endpoint.Prefix);
                var scheduler = new DirectorySyncScheduler(store, watcher, loggerFactory.CreateLogger("RasMfa.DirectorySync"), TimeSpan.FromMinutes(1));
                var retention = new AuditRetentionScheduler(store.AuditLog, () => watcher.Settings, loggerFactory.CreateLogger("RasMfa.Audit"),
                    TimeSpan.FromMinutes(1), TimeSpan.FromHours(1), clock.UtcNow);
                var expiry = new ExpiredChallengeScheduler(store.Logins, loggerFactory.CreateLogger("RasMfa.Mfa"), ExpiredChallengeScheduler.DefaultInterval, clock.UtcNow);
                _running = new Running(server, watcher, processor, store, loggerFactory, DateTime.UtcNow, scheduler, retention, upstreamReplies, challenges)
                {
                    Audit = (handler as MfaRequestHandler)?.UnwrittenAudit,
                    Handler = handler as MfaRequestHandler,
                    Expiry = expiry,
                    Clock = clock,
                    Kind = options.Kind,
                    Metrics = endpoint,
                    Push = push,
                };
                // Other sessions (and the admin watching a service) see this listener through it; opened once the socket is bound.
                _running.Control = ControlServer.TryOpen(Status, Log, loggerFactory.CreateLogger("RasMfa.Control"));
                return StatusLocked();
            }
        }

        /// <summary>
        /// Stops the listener, false when none was running: the requests in flight are answered first (for up to
        /// <see cref="RadiusServer.DrainTimeout"/>), so that an Accept whose code was used up is sent, not lost.
        /// </summary>
        public static bool Stop()
        {
            lock (Gate)
            {
                if (_running == null) return false;
                _running.Control?.Dispose();
                // First, so that a load balancer sees "not ready" while the socket closes and requests drain.
                _running.Metrics?.Dispose();
                _running.Server.Dispose();
                _running.Push?.Dispose();
                _running.Scheduler.Dispose();
                _running.Retention.Dispose();
                _running.Expiry?.Dispose();
                _running.Clock?.Dispose();
                _running.Watcher.Dispose();
                (_running.Store as IDisposable)?.Dispose();
                _running.LoggerFactory.CreateLogger("RasMfa.Radius").LogInformation(LogEvents.ListenerStopped, "Stopped.");
                _running.LoggerFactory.Dispose();
                _running = null;
                return true;
            }
        }

        /// <summary>/health/ready: this listener's socket is bound, and the store answered its last poll within <paramref name="storeAge"/>.</summary>
        private static bool IsReady(TimeSpan storeAge)
        {
            // No lock: Stop holds it while it disposes the endpoint, which waits for nothing, but a read of _running is atomic.
            var running = _running;
            return running != null && running.Server.Endpoints.Count > 0 && DateTime.UtcNow - running.Watcher.LastReadUtc <= storeAge;
        }

        public static ServerStatus Status()
        {
            lock (Gate) return StatusLocked();
        }

        private static ServerStatus StatusLocked()
        {
            if (_running == null) return new ServerStatus { Running = false, ProcessId = ControlServer.CurrentProcessId };
            return new ServerStatus
            {
                Running = true,
                ProcessId = ControlServer.CurrentProcessId,
                Kind = _running.Kind,
                ControlEndpoint = _running.Control?.Address,
                Endpoints = _running.Server.Endpoints,
                StartTimeUtc = _running.StartedUtc,
                Database = _running.Store.Location,
                ClientCount = _running.Watcher.Current.Count,
                Counters = _running.Processor.Counters.Snapshot(),
                RequestsInFlight = _running.Processor.InFlight,
                PendingChallenges = _running.Challenges.Count,
                ReceiveBufferBytes = _running.Server.ReceiveBufferBytes,
                KernelDrops = _running.Server.KernelDrops,
                AuditRecordsNotWritten = _running.Audit?.Unwritten ?? 0,
                AuditRecordsWaiting = _running.Audit?.Waiting ?? 0,
                UpstreamRepliesIgnored = _running.UpstreamReplies.Totals(),
                ServerId = _running.Handler?.ServerId,
                DecidedElsewhere = _running.Handler?.Cluster.DecidedElsewhere ?? 0,
                ClaimsTakenOver = _running.Handler?.Cluster.ClaimsTakenOver ?? 0,
                StoreUnavailableLogins = _running.Handler?.Outage.LoginsAnswered ?? 0,
                StoreClockOffset = _running.Clock?.Offset,
            };
        }

        private sealed class Running
        {
            public Running(RadiusServer server, ConfigurationWatcher watcher, RequestProcessor processor, IRasMfaStore store, LoggerFactory loggerFactory, DateTime startedUtc,
                DirectorySyncScheduler scheduler, AuditRetentionScheduler retention, UpstreamReplyLog upstreamReplies,
                ChallengeStore challenges)
            {
                Challenges = challenges;
                Retention = retention;
                UpstreamReplies = upstreamReplies;
                Scheduler = scheduler;
                Server = server;
                Watcher = watcher;
                Processor = processor;
                Store = store;
                LoggerFactory = loggerFactory;
                StartedUtc = startedUtc;
            }

            public RadiusServer Server { get; }
            public ConfigurationWatcher Watcher { get; }
            public RequestProcessor Processor { get; }
            public IRasMfaStore Store { get; }
            public LoggerFactory LoggerFactory { get; }
            public DateTime StartedUtc { get; }
            public DirectorySyncScheduler Scheduler { get; }
            public ChallengeStore Challenges { get; }
            public AuditRetentionScheduler Retention { get; }
            public Mfa.Stages.AuditSpool? Audit { get; set; }
            public MfaRequestHandler? Handler { get; set; }
            public ExpiredChallengeScheduler? Expiry { get; set; }
            public StoreClock? Clock { get; set; }
            public ListenerKind Kind { get; set; }
            public ControlServer? Control { get; set; }
            public MetricsEndpoint? Metrics { get; set; }
            public PushHosting? Push { get; set; }
            public UpstreamReplyLog UpstreamReplies { get; }
        }
    }
}
