using System;
using RasMfa.Engine.Clients;

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
        public DateTime Created { get; }
        public DateTime Modified { get; }

        /// <summary>Why the shared secret cannot be unsealed (the listener drops the client's packets); null when it can.</summary>
        public string? Unreadable { get; }
    }
}
