using System;
using System.Security.Cryptography;
using Microsoft.Extensions.Logging;
using RasMfa.Engine.Configuration;
using RasMfa.Engine.Delivery;
using RasMfa.Engine.Push;
using RasMfa.Engine.Storage;

namespace RasMfa.Engine.Hosting
{
    /// <summary>
    /// The listener's push approval: the push method users who hold push are offered, and the page it links to, served as
    /// the store defines it. <see cref="Follow"/> reads the definition again when the configuration watcher sees a change,
    /// and restarts the page only when the definition changed (set again, even with the same values, counts: it reloads a
    /// renewed PFX). Approvals live in the store, so one made before a restart is decided on the page after it.
    /// </summary>
    internal sealed class PushHosting : IDisposable
    {
        private readonly IRasMfaStore _store;
        private readonly PushApprovalService _approvals;
        private readonly Func<DateTime> _clock;
        private readonly ILogger _log;
        private readonly object _gate = new object();
        private volatile ApprovalPageDefinition? _page;
        private volatile ApprovalPageServer? _server;
        // What the definition last read was ("" none set); null before the first read.
        private string? _followed;
        private bool _disposed;

        private PushHosting(IRasMfaStore store, Func<MfaSettings> settings, IDeliveryChannels channels, Func<DateTime> clock, ILogger log)
        {
            _store = store;
            _clock = clock;
            _log = log;
            _approvals = new PushApprovalService(store.PushApprovals);
            Method = new PushMethod(_approvals, channels, (store as SqlStore)?.SendLimits, new HeldRequests(), () => _page, settings, log) { Clock = clock };
        }

        /// <summary>The page server running now; null while no page is served.</summary>
        public ApprovalPageServer? Server => _server;

        /// <summary>The one push method of this listener (its held rounds and log limits are the listener's).</summary>
        public PushMethod Method { get; }

        /// <summary>How many times a page server was started: a reload that did not change the definition starts none.</summary>
        public int Starts { get; private set; }

        /// <summary>Starts the page when one is set; a page that cannot start is logged and push is not offered (codes still work).</summary>
        public static PushHosting Start(IRasMfaStore store, Func<MfaSettings> settings, IDeliveryChannels channels, Func<DateTime> clock, ILogger log)
        {
            var hosting = new PushHosting(store, settings, channels, clock, log);
            hosting.Follow();
            return hosting;
        }

        /// <summary>
        /// Reads the page's definition and, when it differs from the one followed, stops the page and starts it as now
        /// defined. A store that cannot be read keeps the page as it is (the watcher logs the store's failure).
        /// </summary>
        public void Follow()
        {
            lock (_gate)
            {
                if (_disposed) return;
                ApprovalPageDefinition? page;
                try
                {
                    page = _store.ApprovalPage.Get();
                }
                catch (Exception e) when (!(e is OutOfMemoryException))
                {
                    _log.LogError(Logging.LogEvents.ApprovalPageFault, "The push approval page's definition could not be read; the page stays as it was: {Error}", e.Message);
                    return;
                }
                var definition = page == null ? "" : DefinitionOf(page);
                if (definition == _followed) return;
                bool first = _followed == null;
                _followed = definition;
                StopServer();
                _page = null;
                if (page == null)
                {
                    if (!first) _log.LogWarning(Logging.LogEvents.ApprovalPageFault, "The push approval page was removed, so push is not offered.");
                    return;
                }
                var problem = page.Unreadable ?? page.Invalidity();
                if (problem != null)
                {
                    _log.LogError(Logging.LogEvents.ApprovalPageFault, "The push approval page is not served: {Problem}", problem);
                    return;
                }
                try
                {
                    _server = ApprovalPageServer.StartAsync(ApprovalPageOptions.From(page), _approvals, _log, _clock).GetAwaiter().GetResult();
                    Starts++;
                    _page = page;
                }
                catch (Exception e) when (!(e is OutOfMemoryException))
                {
                    _log.LogError(Logging.LogEvents.ApprovalPageFault, "The push approval page could not start, so push is not offered: {Error}", e.Message);
                }
            }
        }

        // Everything that makes the served page what it is; the password only as a hash, so that it stays no longer in memory.
        private static string DefinitionOf(ApprovalPageDefinition page)
        {
            string password;
            using (var sha = SHA256.Create()) password = page.CertificatePassword == null ? "-" : Convert.ToBase64String(sha.ComputeHash(page.CertificatePassword));
            return string.Join("\n", page.Address, page.Port, page.PublicUrl, page.CertificatePath ?? "-", password, page.Unreadable ?? "-", page.ModifiedUtc.Ticks);
        }

        private void StopServer()
        {
            var server = _server;
            if (server == null) return;
            _server = null;
            try
            {
                server.StopAsync().GetAwaiter().GetResult();
            }
            catch (Exception e) when (!(e is OutOfMemoryException))
            {
                _log.LogWarning(Logging.LogEvents.ApprovalPageFault, "The push approval page did not stop cleanly: {Error}", e.Message);
            }
            finally
            {
                server.Dispose();
            }
        }

        public void Dispose()
        {
            lock (_gate)
            {
                _disposed = true;
                _page = null;
                StopServer();
            }
        }
    }
}
