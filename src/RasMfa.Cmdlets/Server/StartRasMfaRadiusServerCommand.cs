using System;
using System.Linq;
using System.Management.Automation;
using System.Net;
using System.Net.Sockets;
using RasMfa.Cmdlets.Common;
using RasMfa.Engine.Administration;
using RasMfa.Engine.Hosting;

namespace RasMfa.Cmdlets.Server
{
    [Cmdlet(VerbsLifecycle.Start, "RasMfaRadiusServer", SupportsShouldProcess = true)]
    [OutputType(typeof(ServerStatus))]
    public sealed class StartRasMfaRadiusServerCommand : PSCmdlet
    {
        [Parameter(Position = 0)]
        [ValidateRange(1, 65535)]
        public int Port { get; set; } = 1812;

        [Parameter]
        [ValidateNotNullOrEmpty]
        public string[]? LocalAddress { get; set; }

        [Parameter]
        public SwitchParameter PassThru { get; set; }

        /// <summary>Where to serve /metrics and /health over HTTP (address:port); none when omitted.</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? MetricsAddress { get; set; }

        protected override void EndProcessing()
        {
            var addresses = new System.Collections.Generic.List<IPAddress>();
            foreach (var text in LocalAddress ?? new string[0])
            {
                if (!IPAddress.TryParse(text, out var address))
                    ThrowTerminatingError(Errors.Create("InvalidLocalAddress", ErrorCategory.InvalidArgument, $"'{text}' is not an IP address of this machine.", text));
                addresses.Add(address!);
            }
            IPEndPoint? metrics = null;
            if (MetricsAddress != null)
            {
                metrics = RasMfa.Engine.Hosting.Metrics.MetricsAddress.Parse(MetricsAddress, out var error);
                if (metrics == null) ThrowTerminatingError(Errors.Create("InvalidMetricsAddress", ErrorCategory.InvalidArgument, error!, MetricsAddress));
            }
            var target = addresses.Count == 0 ? $"all addresses, UDP port {Port}" : $"{string.Join(", ", addresses)}, UDP port {Port}";
            if (!ShouldProcess(target, "Start RasMfa RADIUS server")) return;
            try
            {
                var status = RasMfaServerHost.Start(new ServerStartOptions { Port = Port, LocalAddresses = addresses, MetricsAddress = metrics });
                WriteVerbose($"Listening on {string.Join(", ", status.Endpoints.Select(e => e.ToString()))}; store {status.Database}.");
                if (PassThru) WriteObject(status);
            }
            catch (InvalidOperationException e)
            {
                ThrowTerminatingError(new ErrorRecord(e, "ServerAlreadyRunning", ErrorCategory.ResourceExists, target));
            }
            catch (SocketException e)
            {
                ThrowTerminatingError(new ErrorRecord(e, "ListenFailed", ErrorCategory.ResourceUnavailable, target));
            }
            catch (HttpListenerException e)
            {
                ThrowTerminatingError(new ErrorRecord(e, "MetricsListenFailed", ErrorCategory.ResourceUnavailable, MetricsAddress));
            }
            catch (EngineException e)
            {
                ThrowTerminatingError(Errors.FromEngine(e, target));
            }
        }
    }
}
