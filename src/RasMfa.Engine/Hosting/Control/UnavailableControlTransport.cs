using System;
using System.Collections.Generic;
using System.IO;
using System.Threading;
using System.Threading.Tasks;

namespace RasMfa.Engine.Hosting.Control
{
    /// <summary>
    /// Where the control channel cannot be had: the net472 build outside Windows (Mono in tests), whose base library has no
    /// Unix domain sockets. Listeners there are seen by their own session only, as before.
    /// </summary>
    internal sealed class UnavailableControlTransport : IControlTransport
    {
        private readonly string _why;

        public UnavailableControlTransport(string why) => _why = why;

        public IControlEndpoint Open(int processId) => throw new PlatformNotSupportedException(_why);

        public IReadOnlyList<ControlAddress> Discover() => Array.Empty<ControlAddress>();

        public Task<Stream> ConnectAsync(ControlAddress address, CancellationToken cancellation) => throw new PlatformNotSupportedException(_why);
    }
}
