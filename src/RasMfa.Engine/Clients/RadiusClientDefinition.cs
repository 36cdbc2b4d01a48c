using System;

namespace RasMfa.Engine.Clients
{
    /// <summary>A RADIUS client (a NAS such as Parallels RAS) as the store keeps it; the secret is clear only in memory.</summary>
    public sealed class RadiusClientDefinition
    {
        public RadiusClientDefinition(string name, IpNetwork address, byte[]? sharedSecret)
        {
            Name = name;
            Address = address;
            SharedSecret = sharedSecret;
        }

        public string Name { get; set; }

        public IpNetwork Address { get; set; }

        private byte[]? _sharedSecret;

        /// <summary>Null when the stored secret cannot be unsealed (<see cref="Unreadable"/>).</summary>
        public byte[]? SharedSecret
        {
            get => _sharedSecret;
            set
            {
                if (_sharedSecret != null && value != null && !SameBytes(_sharedSecret, value)) PreviousSharedSecret = _sharedSecret;
                _sharedSecret = value;
            }
        }

        /// <summary>
        /// The secret this one replaced (in memory only, never stored; see <see cref="CarryOver"/>): a code sent just before the
        /// admin rotated the secret was sealed under its key, and still checks until its own expiry, which its hash binds.
        /// Never used for packets.
        /// </summary>
        public byte[]? PreviousSharedSecret { get; private set; }

        /// <summary>
        /// Keeps, on a reload, the previous secret of the same client loaded before: its old secret, if the secret changed,
        /// or the one it already kept.
        /// </summary>
        public void CarryOver(RadiusClientDefinition? before)
        {
            if (before?.SharedSecret == null || _sharedSecret == null || !string.Equals(before.Name, Name, StringComparison.OrdinalIgnoreCase)) return;
            PreviousSharedSecret = SameBytes(before.SharedSecret, _sharedSecret) ? before.PreviousSharedSecret : before.SharedSecret;
        }

        // Comparing the admin's configuration, never a packet's bytes: no constant time is needed.
        private static bool SameBytes(byte[] first, byte[] second) => System.Linq.Enumerable.SequenceEqual(first, second);

        /// <summary>
        /// Why the stored secret cannot be unsealed (damaged, or sealed with another key); null when it can. Such a record is
        /// listed, so the admin sees it, but the listener drops its packets; give it a new secret to bring it back.
        /// </summary>
        public string? Unreadable { get; set; }

        /// <summary>Drop Access-Requests without a valid Message-Authenticator (BlastRADIUS); on by default.</summary>
        public bool RequireMessageAuthenticator { get; set; } = true;

        /// <summary>Drop requests that carry Proxy-State but no Message-Authenticator.</summary>
        public bool LimitProxyState { get; set; }

        public string? Description { get; set; }

        public FirstFactor FirstFactor { get; set; } = FirstFactor.None;

        /// <summary>True (default): unknown and unenrolled users are rejected. False: they are accepted without MFA, and the log says so.</summary>
        public bool RequireUserMatch { get; set; } = true;

        /// <summary>Names of the upstream RADIUS servers, in failover order, when FirstFactor is UpstreamRadius.</summary>
        public System.Collections.Generic.IReadOnlyList<string> UpstreamServers { get; set; } = new string[0];

        /// <summary>The directory (Add-RasMfaDirectory) that checks passwords when FirstFactor is Directory.</summary>
        public string? Directory { get; set; }

        /// <summary>Copy the upstream's Access-Accept attributes (Class, Session-Timeout, ...) into our Access-Accept.</summary>
        public bool PassUpstreamAttributes { get; set; }

        public OtpMode OtpMode { get; set; } = OtpMode.Challenge;

        /// <summary>The Reply-Message of a code challenge; null for the server's default prompt.</summary>
        public string? Prompt { get; set; }

        /// <summary>The second factors users may prove at this client; by default the OATH tokens only (<see cref="Clients.MethodKinds.DefaultAllowed"/>).</summary>
        public System.Collections.Generic.IReadOnlyList<Clients.MethodKind> AllowedMethods { get; set; } = Clients.MethodKinds.DefaultAllowed;

        /// <summary>The automation keywords that start a method (RAS's Automation tab); none by default.</summary>
        public System.Collections.Generic.IReadOnlyList<ClientKeyword> Keywords { get; set; } = new ClientKeyword[0];

        /// <summary>What an empty password does in a code-only first round: ask for a code (default), or start the default method.</summary>
        public EmptyPasswordAction EmptyPasswordAction { get; set; } = EmptyPasswordAction.Challenge;

        /// <summary>How long a push round is held for this client (RAS's own timeout is 30-60 s); null: the server's PushTimeoutSeconds.</summary>
        public int? PushTimeoutSeconds { get; set; }

        public DateTime CreatedUtc { get; set; } = DateTime.UtcNow;

        public DateTime ModifiedUtc { get; set; } = DateTime.UtcNow;
    }
}
