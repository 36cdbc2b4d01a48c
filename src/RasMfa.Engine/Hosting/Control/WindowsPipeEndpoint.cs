using System;
using System.IO.Pipes;
using System.Security.AccessControl;
using System.Security.Principal;
using System.Threading;
using System.Threading.Tasks;

namespace RasMfa.Engine.Hosting.Control
{
    /// <summary>
    /// A listener's named pipe on Windows, RasMfa-&lt;pid&gt;: its ACL lets in the account that runs the listener, SYSTEM
    /// and BUILTIN\Administrators, and denies network logons, so no other account and no other machine can open it. The
    /// first instance is made at once, as the first of its name (on .NET 8; the .NET Framework cannot ask), so a pipe
    /// someone made before us under our name makes the start of the channel fail rather than be shared.
    /// Compiled here, not run: this machine has no Windows.
    /// </summary>
#if NET8_0_OR_GREATER
    [System.Runtime.Versioning.SupportedOSPlatform("windows")]
#endif
    internal sealed class WindowsPipeEndpoint : IControlEndpoint
    {
        private readonly string _name;
        private readonly PipeSecurity _security = OwnerAndAdministratorsOnly();
        private NamedPipeServerStream _waiting;

        public WindowsPipeEndpoint(string name)
        {
            _name = name;
            Address = WindowsPipeTransport.PipeFolder + name;
            _waiting = NewInstance(first: true);
        }

        public string Address { get; }

        public async Task<ControlPeer> AcceptAsync(CancellationToken cancellation)
        {
            var connected = _waiting;
            await connected.WaitForConnectionAsync(cancellation).ConfigureAwait(false);
            // The next instance exists before this one is handed on, so the pipe's name is never free for another process to take.
            _waiting = NewInstance(first: false);
            return new ControlPeer(connected, true, "a client the pipe's ACL let in");
        }

        public void Dispose() => _waiting.Dispose();

        private NamedPipeServerStream NewInstance(bool first)
        {
#if NET8_0_OR_GREATER
            var options = PipeOptions.Asynchronous | (first ? PipeOptions.FirstPipeInstance : PipeOptions.None);
            return NamedPipeServerStreamAcl.Create(_name, PipeDirection.InOut, NamedPipeServerStream.MaxAllowedServerInstances, PipeTransmissionMode.Byte,
                options, 0, 0, _security);
#else
            return new NamedPipeServerStream(_name, PipeDirection.InOut, NamedPipeServerStream.MaxAllowedServerInstances, PipeTransmissionMode.Byte,
                PipeOptions.Asynchronous, 0, 0, _security);
#endif
        }

        private static PipeSecurity OwnerAndAdministratorsOnly()
        {
            var security = new PipeSecurity();
            using (var identity = WindowsIdentity.GetCurrent())
                security.AddAccessRule(new PipeAccessRule(identity.User!, PipeAccessRights.FullControl, AccessControlType.Allow));
            security.AddAccessRule(new PipeAccessRule(new SecurityIdentifier(WellKnownSidType.LocalSystemSid, null), PipeAccessRights.FullControl, AccessControlType.Allow));
            security.AddAccessRule(new PipeAccessRule(new SecurityIdentifier(WellKnownSidType.BuiltinAdministratorsSid, null), PipeAccessRights.ReadWrite, AccessControlType.Allow));
            security.AddAccessRule(new PipeAccessRule(new SecurityIdentifier(WellKnownSidType.NetworkSid, null), PipeAccessRights.FullControl, AccessControlType.Deny));
            return security;
        }
    }
}
