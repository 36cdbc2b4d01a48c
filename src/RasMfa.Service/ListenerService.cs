using System;
using System.Linq;
using System.Net.Sockets;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using RasMfa.Engine.Administration;
using RasMfa.Engine.Configuration;
using RasMfa.Engine.Hosting;
using RasMfa.Engine.Logging;

namespace RasMfa.Service
{
    /// <summary>
    /// Runs the engine's listener (RasMfaServerHost: the store as sessions select it, the configuration watcher, the
    /// directory sync schedule, the retention purge) for the host's lifetime. It starts in StartAsync, not in a background
    /// loop, so that the host reports itself started (READY=1 to systemd, Running to the SCM) only once the socket is bound,
    /// and a failure to bind fails the host's start instead.
    /// </summary>
    internal sealed class ListenerService : IHostedService
    {
        private readonly IConfiguration _configuration;
        private readonly ILoggerFactory _loggers;
        private readonly ListenerReadiness _readiness;
        private readonly ILogger _logger;

        public ListenerService(IConfiguration configuration, ILoggerFactory loggers, ListenerReadiness readiness)
        {
            _configuration = configuration;
            _loggers = loggers;
            _readiness = readiness;
            _logger = loggers.CreateLogger("RasMfa.Service");
        }

        public Task StartAsync(CancellationToken cancellationToken)
        {
            try
            {
                Start();
                _readiness.Listening();
            }
            catch (Exception e)
            {
                // Whatever the start threw becomes a documented exit code, and the Windows lifetime stops waiting for it:
                // an exception let out of here would end the process as an unhandled one (SIGABRT, 134).
                var failure = e as ListenerStartException ?? new ListenerStartException(ExitCodes.Unexpected, $"The listener could not start: {e.Message}", e);
                _logger.LogCritical(LogEvents.ListenerNotStarted, failure.InnerException, "Not started: {Reason} Exiting with code {ExitCode}.", failure.Message, failure.ExitCode);
                _readiness.Failed(failure);
                throw failure;
            }
            return Task.CompletedTask;
        }

        private void Start()
        {
            var settings = ListenerSettings.Read(_configuration);
            try
            {
                RasMfaServerHost.Start(new ServerStartOptions
                {
                    Port = settings.Port,
                    LocalAddresses = settings.Addresses,
                    MetricsAddress = settings.MetricsAddress,
                    LogProviders = { new HostLogForwarder(_loggers) },
                    // Get-RasMfaRadiusServer in any admin's session shows it as the service, through its control channel.
                    Kind = RasMfa.Engine.Hosting.Control.ListenerKind.Service,
                });
            }
            catch (SocketException e)
            {
                throw new ListenerStartException(ExitCodes.CannotListen, $"Cannot listen on {settings}: {e.Message} ({e.SocketErrorCode}).", e);
            }
            catch (EngineException e) when (e.ErrorId == MfaSettings.UnreadableErrorId)
            {
                throw new ListenerStartException(ExitCodes.InvalidSetting, $"A stored setting cannot be read: {e.Message}", e);
            }
            catch (System.Net.HttpListenerException e)
            {
                throw new ListenerStartException(ExitCodes.CannotListen, $"Cannot serve metrics on {settings.MetricsAddress}: {e.Message} " +
                    $"(another process holds it, or on Windows the service account has no URL reservation for it; or set {ListenerSettings.MetricsAddressKey} to off).", e);
            }
            catch (EngineException e)
            {
                // Engine messages name the store and what to do, never a secret (docs/security.md).
                throw new ListenerStartException(ExitCodes.StoreUnavailable, $"The store could not be opened: {e.Message}", e);
            }
            // The engine's own "Listening on" line (ListenerStarted, forwarded here) says it started: one line per start, not two.
        }

        /// <summary>SIGTERM, the SCM's stop or Ctrl+C: the requests in flight are answered (up to 5 s) before the sockets and the store close.</summary>
        public Task StopAsync(CancellationToken cancellationToken)
        {
            // The engine logs how the drain went (a warning for requests still undecided after 5 s) and "Stopped.".
            RasMfaServerHost.Stop();
            return Task.CompletedTask;
        }
    }
}
