using System.Collections.Generic;
using RasMfa.Engine.Administration;
using RasMfa.Engine.Audit;
using RasMfa.Engine.Clients;

namespace RasMfa.Engine.FirstFactors
{
    /// <summary>The engine's front door for upstream RADIUS servers (NPS and the like) that check passwords for us.</summary>
    public sealed class UpstreamServerService
    {
        private readonly IUpstreamServerStore _servers;

        public UpstreamServerService(IUpstreamServerStore servers) => _servers = servers;

        public IReadOnlyList<UpstreamRadiusServer> List() => _servers.List();

        /// <summary>Adds a server; null when the review did not approve it.</summary>
        public UpstreamRadiusServer? Add(string name, UpstreamServerChanges settings, IChangeReview review)
        {
            AdministeredName.Checked(name, "upstream RADIUS server", "InvalidUpstreamRadiusServerName");
            if (settings.SharedSecret == null) throw Invalid($"Upstream RADIUS server '{name}' needs a shared secret.", "InvalidSharedSecret");
            var server = new UpstreamRadiusServer(name, settings.Address ?? "", settings.SharedSecret);
            Apply(server, settings, review);
            if (!review.Approve($"{name} ({server.Address}:{server.Port})", "Add upstream RADIUS server")) return null;
            _servers.Add(server);
            return server;
        }

        /// <summary>Changes what <paramref name="changes"/> gives, in one write; null when the review did not approve it.</summary>
        public UpstreamRadiusServer? Change(string name, UpstreamServerChanges changes, IChangeReview review)
        {
            var server = _servers.Get(name) ?? throw NotFound(name);
            if (server.Unreadable != null && changes.SharedSecret == null)
                throw new EngineException(EngineErrorKind.Unreadable, "UpstreamRadiusServerSecretUnreadable", $"{server.Unreadable} Give upstream RADIUS server '{name}' a new shared secret (-SharedSecret) to change it.");
            Apply(server, changes, review);
            if (!review.Approve(name, "Change upstream RADIUS server")) return null;
            _servers.Update(name, server);
            return server;
        }

        public void Remove(string name, IChangeReview review)
        {
            if (!review.Approve(name, "Remove upstream RADIUS server")) return;
            try
            {
                _servers.Remove(name);
            }
            catch (EngineException e) when (e.ErrorId == "UpstreamRadiusServerInUse")
            {
                throw new EngineException(EngineErrorKind.Conflict, e.ErrorId, $"{e.Message} Change them with Set-RasMfaRadiusClient -UpstreamServer first.", e);
            }
        }

        public static EngineException NotFound(string name) =>
            new EngineException(EngineErrorKind.NotFound, "UpstreamRadiusServerNotFound", $"No upstream RADIUS server is named '{name}'.");

        private static void Apply(UpstreamRadiusServer server, UpstreamServerChanges changes, IChangeReview review)
        {
            var owner = $"Upstream RADIUS server '{server.Name}'";
            if (changes.SharedSecret != null)
            {
                SharedSecretPolicy.Enforce(changes.SharedSecret, changes.KeepWeakSecret, owner, review);
                server.SharedSecret = changes.SharedSecret;
            }
            server.Address = changes.Address?.Trim() ?? server.Address;
            server.Port = changes.Port ?? server.Port;
            server.TimeoutSeconds = changes.TimeoutSeconds ?? server.TimeoutSeconds;
            server.Retries = changes.Retries ?? server.Retries;
            server.RequireMessageAuthenticator = changes.RequireMessageAuthenticator ?? server.RequireMessageAuthenticator;
            if (server.Address.Length == 0) throw Invalid($"{owner} needs an address or host name.");
            if (server.Port < 1 || server.Port > 65535) throw Invalid($"{owner}: the port must be from 1 to 65535.");
            if (server.TimeoutSeconds < 1 || server.TimeoutSeconds > 60) throw Invalid($"{owner}: the timeout must be from 1 to 60 seconds.");
            if (server.Retries < 0 || server.Retries > 5) throw Invalid($"{owner}: retries must be from 0 to 5.");
            if (changes.RequireMessageAuthenticator == false)
                review.Warn($"{owner}: its replies will be taken without Message-Authenticator, so an attacker on the network between RasMfa and it " +
                    "could forge an Access-Accept for a wrong password (BlastRADIUS, CVE-2024-3596). Make the server sign its replies instead.");
        }

        private static EngineException Invalid(string message, string errorId = "InvalidUpstreamRadiusServer") =>
            new EngineException(EngineErrorKind.InvalidArgument, errorId, message);
    }
}
