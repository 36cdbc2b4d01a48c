using System.Collections.Generic;
using RasMfa.Engine.Administration;

namespace RasMfa.Engine.Clients
{
    /// <summary>What an admin gives to add or change a RADIUS client; what is not given keeps its stored (or default) value.</summary>
    public sealed class ClientChanges
    {
        public string? NewName { get; set; }

        /// <summary>An address or CIDR block, as typed; <see cref="ClientService"/> parses it.</summary>
        public string? Address { get; set; }

        public byte[]? SharedSecret { get; set; }

        /// <summary>Keep a secret of 12 octets or fewer (with a warning) instead of refusing it.</summary>
        public bool KeepWeakSecret { get; set; }

        public bool? RequireMessageAuthenticator { get; set; }

        public bool? LimitProxyState { get; set; }

        public Optional<string?> Description { get; set; }

        public FirstFactor? FirstFactor { get; set; }

        /// <summary>Null or blank clears it.</summary>
        public Optional<string?> Directory { get; set; }

        public IReadOnlyList<string>? UpstreamServers { get; set; }

        public bool? PassUpstreamAttributes { get; set; }

        public OtpMode? OtpMode { get; set; }

        public bool? RequireUserMatch { get; set; }

        public IReadOnlyList<Clients.MethodKind>? AllowedMethods { get; set; }

        /// <summary>The admin's table (@{ sms='sms'; call='call'; email='email' }); an empty one removes every keyword.</summary>
        public System.Collections.IDictionary? Keywords { get; set; }

        public EmptyPasswordAction? EmptyPasswordAction { get; set; }

        /// <summary>How long a push round is held for the client (5-55 s); null clears it (the server's PushTimeoutSeconds applies).</summary>
        public Optional<int?> PushTimeoutSeconds { get; set; }

        /// <summary>Null or empty: the server's default prompt.</summary>
        public Optional<string?> Prompt { get; set; }
    }
}
