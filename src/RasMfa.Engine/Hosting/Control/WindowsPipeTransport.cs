using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.IO.Pipes;
using System.Runtime.InteropServices;
using System.Security.Principal;
using System.Threading;
using System.Threading.Tasks;

namespace RasMfa.Engine.Hosting.Control
{
    /// <summary>
    /// Control pipes on Windows: \\.\pipe\RasMfa-&lt;pid&gt;, found by listing the pipes. A client connects at the
    /// Identification level (the listener cannot act as it) and checks that the pipe is served by the process its name says.
    /// Compiled here, not run: this machine has no Windows.
    /// </summary>
#if NET8_0_OR_GREATER
    [System.Runtime.Versioning.SupportedOSPlatform("windows")]
#endif
    internal sealed class WindowsPipeTransport : IControlTransport
    {
        public const string PipeFolder = @"\\.\pipe\";
        private const string Prefix = "RasMfa-";

        [DllImport("kernel32.dll", SetLastError = true)]
        [return: MarshalAs(UnmanagedType.Bool)]
        private static extern bool GetNamedPipeServerProcessId(Microsoft.Win32.SafeHandles.SafePipeHandle pipe, out uint processId);

        public IControlEndpoint Open(int processId) => new WindowsPipeEndpoint(Prefix + processId.ToString(CultureInfo.InvariantCulture));

        public IReadOnlyList<ControlAddress> Discover()
        {
            var found = new List<ControlAddress>();
            foreach (var path in Directory.GetFiles(PipeFolder))
            {
                var name = path.Substring(path.LastIndexOf('\\') + 1);
                if (name.StartsWith(Prefix, StringComparison.OrdinalIgnoreCase)
                    && int.TryParse(name.Substring(Prefix.Length), NumberStyles.None, CultureInfo.InvariantCulture, out var pid))
                    found.Add(new ControlAddress(pid, PipeFolder + name));
            }
            return found;
        }

        public async Task<Stream> ConnectAsync(ControlAddress address, CancellationToken cancellation)
        {
            var name = address.Address.Substring(PipeFolder.Length);
            var pipe = new NamedPipeClientStream(".", name, PipeDirection.InOut, PipeOptions.Asynchronous, TokenImpersonationLevel.Identification);
            try
            {
                await pipe.ConnectAsync((int)ControlLimits.ClientTimeout.TotalMilliseconds, cancellation).ConfigureAwait(false);
                if (!GetNamedPipeServerProcessId(pipe.SafePipeHandle, out var server) || server != (uint)address.ProcessId)
                    throw new IOException($"{address.Address} is not served by process {address.ProcessId} as its name says: ignored.");
                return pipe;
            }
            catch (TimeoutException e)
            {
                pipe.Dispose();
                // A pipe vanishes with its process: one listed but not answering is going away (or busy).
                throw new ControlEndpointGoneException($"{address.Address} did not take the connection.", e);
            }
            catch
            {
                pipe.Dispose();
                throw;
            }
        }
    }
}
