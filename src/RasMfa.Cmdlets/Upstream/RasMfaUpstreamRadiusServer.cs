using System;
using RasMfa.Engine.FirstFactors;

namespace RasMfa.Cmdlets.Upstream
{
    /// <summary>An upstream RADIUS server as cmdlets show it. It never carries the shared secret.</summary>
    public sealed class RasMfaUpstreamRadiusServer
    {
        internal RasMfaUpstreamRadiusServer(UpstreamRadiusServer server)
        {
            Name = server.Name;
            Address = server.Address;
            Port = server.Port;
            TimeoutSeconds = server.TimeoutSeconds;
            Retries = server.Retries;
            RequireMessageAuthenticator = server.RequireMessageAuthenticator;
            SharedSecretLength = server.SharedSecret?.Length ?? 0;
            Created = server.CreatedUtc.ToLocalTime();
            Modified = server.ModifiedUtc.ToLocalTime();
        }

        public string Name { get; }
        public string Address { get; }
        public int Port { get; }
        public int TimeoutSeconds { get; }
        public int Retries { get; }
        public bool RequireMessageAuthenticator { get; }
        public int SharedSecretLength { get; }
        public DateTime Created { get; }
        public DateTime Modified { get; }
    }
}
