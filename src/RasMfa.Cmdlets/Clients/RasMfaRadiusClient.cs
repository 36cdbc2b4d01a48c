using System;
using System.Linq;
using RasMfa.Engine.Clients;
using RasMfa.Engine.Users;

namespace RasMfa.Cmdlets.Clients
{
    /// <summary>A RADIUS client as cmdlets show it. It never carries the shared secret.</summary>
    public sealed class RasMfaRadiusClient
    {
        internal RasMfaRadiusClient(RadiusClientDefinition definition)
        {
            Name = definition.Name;
            Address = definition.Address.ToString();
            RequireMessageAuthenticator = definition.RequireMessageAuthenticator;
            LimitProxyState = definition.LimitProxyState;
            Description = definition.Description;
            SharedSecretLength = definition.SharedSecret?.Length ?? 0;
            FirstFactor = definition.FirstFactor;
            RequireUserMatch = definition.RequireUserMatch;
            Prompt = definition.Prompt;
            UpstreamServer = definition.UpstreamServers;
            Directory = definition.Directory;
            PassUpstreamAttributes = definition.PassUpstreamAttributes;
            OtpMode = definition.OtpMode;
            AllowedMethod = definition.AllowedMethods.Select(kind => kind.ToString()).ToArray();
            Keyword = new System.Collections.Hashtable(StringComparer.OrdinalIgnoreCase);
            foreach (var keyword in definition.Keywords) Keyword[KeywordKey(keyword.Method)] = keyword.Text;
            EmptyPasswordAction = definition.EmptyPasswordAction;
            PushTimeoutSeconds = definition.PushTimeoutSeconds;
            Created = definition.CreatedUtc.ToLocalTime();
            Modified = definition.ModifiedUtc.ToLocalTime();
            Unreadable = definition.Unreadable;
        }

        public string Name { get; }
        public string Address { get; }
        public bool RequireMessageAuthenticator { get; }
        public bool LimitProxyState { get; }
        public string? Description { get; }
        public int SharedSecretLength { get; }
        public FirstFactor FirstFactor { get; }
        public bool RequireUserMatch { get; }
        public string? Prompt { get; }
        public System.Collections.Generic.IReadOnlyList<string> UpstreamServer { get; }
        public string? Directory { get; }
        public bool PassUpstreamAttributes { get; }
        public OtpMode OtpMode { get; }
        /// <summary>The second factors users may prove at this client.</summary>
        public string[] AllowedMethod { get; }

        /// <summary>The automation keywords, as -Keyword takes them: @{ sms='sms'; call='call'; email='email'; push='push' }.</summary>
        public System.Collections.Hashtable Keyword { get; }

        public EmptyPasswordAction EmptyPasswordAction { get; }

        /// <summary>How long a push round is held for this client; null: the server's PushTimeoutSeconds.</summary>
        public int? PushTimeoutSeconds { get; }

        private static string KeywordKey(RasMfa.Engine.Clients.MethodKind kind) => kind == RasMfa.Engine.Clients.MethodKind.Voice ? "call" : kind.ToString().ToLowerInvariant();

        public DateTime Created { get; }
        public DateTime Modified { get; }

        /// <summary>Why the shared secret cannot be unsealed (the listener drops the client's packets); null when it can.</summary>
        public string? Unreadable { get; }
    }
}
