using System;
using System.Diagnostics;
using System.Net;
using RasMfa.Engine.Clients;

namespace RasMfa.Engine.Radius.Server
{
    /// <summary>A validated Access-Request and who sent it, as handlers see it.</summary>
    public sealed class AccessRequestContext
    {
        public AccessRequestContext(RadiusPacket request, RadiusClientDefinition client, IPEndPoint source, bool messageAuthenticated = false)
        {
            Request = request;
            Client = client;
            Source = source;
            MessageAuthenticated = messageAuthenticated;
        }

        /// <summary>
        /// The request carried a valid Message-Authenticator. Without one, nothing in a request that has no password proves
        /// it came from the client: anyone who can send from the client's address could have written it.
        /// </summary>
        public bool MessageAuthenticated { get; }

        public RadiusPacket Request { get; }

        public RadiusClientDefinition Client { get; }

        public IPEndPoint Source { get; }

        private readonly long _started = Stopwatch.GetTimestamp();

        /// <summary>Time since the request reached the handler.</summary>
        public TimeSpan Elapsed => TimeSpan.FromSeconds((Stopwatch.GetTimestamp() - _started) / (double)Stopwatch.Frequency);

        public string? UserName => Request.Find(RadiusAttributeType.UserName)?.AsText();

        /// <summary>The PAP password in clear, or null when the request has none or it does not decode.</summary>
        public byte[]? DecodePapPassword()
        {
            var hidden = Request.Find(RadiusAttributeType.UserPassword);
            return hidden == null ? null : PapPassword.Unhide(hidden.ValueSpan, Client.SharedSecret ?? throw Unreadable(), Request.Authenticator);
        }

        // The request processor drops a client whose secret cannot be unsealed before any request of it gets here.
        private InvalidOperationException Unreadable() => new InvalidOperationException($"Client '{Client.Name}': its shared secret cannot be unsealed.");
    }
}
