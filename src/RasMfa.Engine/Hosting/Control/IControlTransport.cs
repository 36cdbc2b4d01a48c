using System;
using System.Collections.Generic;
using System.IO;
using System.Threading;
using System.Threading.Tasks;

namespace RasMfa.Engine.Hosting.Control
{
    /// <summary>
    /// The one seam between the control channel and the operating system: a Unix domain socket in a private runtime folder
    /// on Linux and macOS, a named pipe on Windows. Everything above it (protocol, bounds, discovery) is the same code.
    /// </summary>
    internal interface IControlTransport
    {
        /// <summary>Opens this process's endpoint, reachable by its owner and administrators only.</summary>
        /// <exception cref="IOException">No private place for it, or the name is taken.</exception>
        IControlEndpoint Open(int processId);

        /// <summary>The endpoints of listeners on this machine that this account may reach; stale ones may be among them.</summary>
        IReadOnlyList<ControlAddress> Discover();

        /// <summary>Connects to a listener, checking that the process at the other end is the one the endpoint's name says.</summary>
        /// <exception cref="ControlEndpointGoneException">Nothing listens there any more (a listener killed without cleaning up); the leftover is removed where it can be.</exception>
        Task<Stream> ConnectAsync(ControlAddress address, CancellationToken cancellation);
    }

    /// <summary>A listener's control endpoint as a server: connections come in one at a time.</summary>
    internal interface IControlEndpoint : IDisposable
    {
        /// <summary>The socket's path or the pipe's name, as Get-RasMfaRadiusServer shows it.</summary>
        string Address { get; }

        /// <summary>The next connection; OperationCanceledException or ObjectDisposedException once closed.</summary>
        Task<ControlPeer> AcceptAsync(CancellationToken cancellation);
    }

    /// <summary>Where a listener's control endpoint is, and the process its name says runs it.</summary>
    public sealed class ControlAddress
    {
        public ControlAddress(int processId, string address)
        {
            ProcessId = processId;
            Address = address;
        }

        public int ProcessId { get; }
        public string Address { get; }
    }

    /// <summary>An accepted connection and whether the account at its other end may use it.</summary>
    internal sealed class ControlPeer
    {
        public ControlPeer(Stream stream, bool allowed, string who)
        {
            Stream = stream;
            Allowed = allowed;
            Who = who;
        }

        public Stream Stream { get; }

        /// <summary>False for a peer the socket's own permissions should have kept out (another user): it is refused.</summary>
        public bool Allowed { get; }

        /// <summary>The peer as the log names it (user and process id where the system says).</summary>
        public string Who { get; }
    }

    /// <summary>A control endpoint whose listener is gone: a socket file left by a process that was killed.</summary>
    public sealed class ControlEndpointGoneException : Exception
    {
        public ControlEndpointGoneException(string message, Exception? inner = null) : base(message, inner)
        {
        }
    }
}
