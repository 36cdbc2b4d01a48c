using System;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Hosting.WindowsServices;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace RasMfa.Service
{
    /// <summary>
    /// The Windows service lifetime, except that the SCM is told the service runs only once the listener's socket is bound:
    /// the stock lifetime returns from OnStart (and so reports Running) before the host starts its services. A listener
    /// that cannot start fails OnStart, which the SCM reports as a failed start with the exit code.
    /// </summary>
#if NET
    [System.Runtime.Versioning.SupportedOSPlatform("windows")]
#endif
    internal sealed class ReadyAfterBindWindowsLifetime : WindowsServiceLifetime
    {
        private static readonly TimeSpan AskEvery = TimeSpan.FromSeconds(10);
        private readonly ListenerReadiness _readiness;

        public ReadyAfterBindWindowsLifetime(IHostEnvironment environment, IHostApplicationLifetime applicationLifetime, ILoggerFactory loggerFactory,
            IOptions<HostOptions> hostOptions, IOptions<WindowsServiceLifetimeOptions> serviceOptions, ListenerReadiness readiness)
            : base(environment, applicationLifetime, loggerFactory, hostOptions, serviceOptions)
        {
            _readiness = readiness;
        }

        protected override void OnStart(string[] args)
        {
            base.OnStart(args); // lets the host go on to start the listener
            // A store on a database server may take a while to open: keep the SCM waiting rather than time the start out.
            while (!_readiness.WaitSettled(AskEvery)) RequestAdditionalTime((int)(AskEvery.TotalMilliseconds * 2));
            if (_readiness.Failure is { } failure)
            {
                ExitCode = failure.ExitCode;
                throw new InvalidOperationException(failure.Message, failure);
            }
        }
    }
}
