using System.Collections.Generic;
using System.Linq;
using System.Text;
using RasMfa.Engine.Administration;
using RasMfa.Engine.Audit;

namespace RasMfa.Engine.Clients
{
    /// <summary>The engine's front door for RADIUS clients: every rule of a valid client, checked once, before one write.</summary>
    public sealed class ClientService
    {
        /// <summary>The most a Reply-Message attribute holds.</summary>
        public const int MaxPromptOctets = 253;

        /// <summary>The range of a client's push timeout, the same as the server's PushTimeoutSeconds.</summary>
        public const int MinPushTimeoutSeconds = 5, MaxPushTimeoutSeconds = 55;

        private readonly IClientStore _clients;

        /// <summary>A client name with control, bidi or other invisible characters (<see cref="AdministeredName"/>).</summary>
        public const string NameErrorId = "InvalidRadiusClientName";

        public ClientService(IClientStore clients) => _clients = clients;

        public IReadOnlyList<RadiusClientDefinition> List() => _clients.List();

        /// <summary>Adds a client; null when the review did not approve it.</summary>
        public RadiusClientDefinition? Add(string name, ClientChanges settings, IChangeReview review)
        {
            AdministeredName.Checked(name, "RADIUS client", NameErrorId);
            if (settings.SharedSecret == null) throw Invalid("InvalidSharedSecret", $"Client '{name}' needs a shared secret.");
            var client = new RadiusClientDefinition(name, ParseAddress(settings.Address), settings.SharedSecret);
            Apply(client, settings, review);
            if (!review.Approve($"{client.Name} ({client.Address})", "Add RADIUS client")) return null;
            Write(client, () => _clients.Add(client));
            return client;
        }

        /// <summary>Changes what <paramref name="changes"/> gives, in one write; null when the review did not approve it.</summary>
        public RadiusClientDefinition? Change(string name, ClientChanges changes, IChangeReview review)
        {
            var client = _clients.Get(name) ?? throw NotFound(name);
            // Writing back the empty secret of an unreadable client would seal it for good: only a new secret repairs it.
            if (client.Unreadable != null && changes.SharedSecret == null)
                throw new EngineException(EngineErrorKind.Unreadable, "RadiusClientSecretUnreadable", $"{client.Unreadable} Give client '{name}' a new shared secret (-SharedSecret) to change it.");
            Apply(client, changes, review);
            if (!review.Approve(name, "Change RADIUS client")) return null;
            Write(client, () => _clients.Update(name, client));
            return client;
        }

        public void Remove(string name, IChangeReview review)
        {
            if (!review.Approve(name, "Remove RADIUS client")) return;
            _clients.Remove(name);
        }

        public static EngineException NotFound(string name) =>
            new EngineException(EngineErrorKind.NotFound, "RadiusClientNotFound", $"No RADIUS client is named '{name}'.");

        private static void Apply(RadiusClientDefinition client, ClientChanges changes, IChangeReview review)
        {
            var owner = $"Client '{client.Name}'";
            if (changes.Address != null) client.Address = ParseAddress(changes.Address);
            if (changes.SharedSecret != null)
            {
                SharedSecretPolicy.Enforce(changes.SharedSecret, changes.KeepWeakSecret, owner, review);
                client.SharedSecret = changes.SharedSecret;
            }
            client.RequireMessageAuthenticator = changes.RequireMessageAuthenticator ?? client.RequireMessageAuthenticator;
            client.LimitProxyState = changes.LimitProxyState ?? client.LimitProxyState;
            client.Description = changes.Description.Or(client.Description);
            client.FirstFactor = changes.FirstFactor ?? client.FirstFactor;
            client.Directory = NullIfBlank(changes.Directory.Or(client.Directory));
            client.UpstreamServers = changes.UpstreamServers ?? client.UpstreamServers;
            client.PassUpstreamAttributes = changes.PassUpstreamAttributes ?? client.PassUpstreamAttributes;
            client.OtpMode = changes.OtpMode ?? client.OtpMode;
            client.RequireUserMatch = changes.RequireUserMatch ?? client.RequireUserMatch;
            client.Prompt = NullIfBlank(changes.Prompt.Or(client.Prompt));
            if (client.Prompt != null && Encoding.UTF8.GetByteCount(client.Prompt) > MaxPromptOctets)
                throw Invalid("InvalidPrompt", $"{owner}: the prompt is longer than the {MaxPromptOctets} octets a Reply-Message holds.");
            if (changes.AllowedMethods != null)
            {
                if (changes.AllowedMethods.Count == 0) throw Invalid("InvalidAllowedMethod", $"{owner}: allow at least one method.");
                client.AllowedMethods = changes.AllowedMethods.Distinct().ToList();
            }
            if (changes.Keywords != null) client.Keywords = ClientKeywords.Parse(changes.Keywords, owner);
            client.EmptyPasswordAction = changes.EmptyPasswordAction ?? client.EmptyPasswordAction;
            client.PushTimeoutSeconds = changes.PushTimeoutSeconds.Or(client.PushTimeoutSeconds);
            if (client.PushTimeoutSeconds is int seconds && (seconds < MinPushTimeoutSeconds || seconds > MaxPushTimeoutSeconds))
                throw Invalid("InvalidPushTimeout", $"{owner}: the push timeout must be from {MinPushTimeoutSeconds} to {MaxPushTimeoutSeconds} seconds (RAS waits 30 to 60 seconds for an answer); $null uses the server's PushTimeoutSeconds.");
            foreach (var keyword in client.Keywords)
            {
                if (!client.AllowedMethods.Contains(keyword.Method))
                    review.Warn($"{owner}: the keyword '{keyword.Text}' starts {keyword.Method}, which the client does not allow (-AllowedMethod): users who send it are refused.");
            }
            CheckFirstFactor(client, owner);
            if (changes.RequireUserMatch == false)
                review.Warn($"{owner}: users who are unknown or not enrolled will be accepted without a second factor.");
            if (changes.RequireMessageAuthenticator == false)
                review.Warn($"{owner} will be accepted without Message-Authenticator, which leaves it open to BlastRADIUS (CVE-2024-3596) forgeries.");
            client.Name = changes.NewName == null ? client.Name : AdministeredName.Checked(changes.NewName, "RADIUS client", NameErrorId);
        }

        private static IpNetwork ParseAddress(string? address) =>
            IpNetwork.TryParse(address, out var network, out var error)
                ? network!
                : throw new EngineException(EngineErrorKind.InvalidArgument, "InvalidRadiusClientAddress", error!, target: address);

        /// <summary>A client that checks passwords here names what checks them; the store checks that it exists, in the write's transaction.</summary>
        private static void CheckFirstFactor(RadiusClientDefinition client, string owner)
        {
            if (client.FirstFactor == FirstFactor.Directory && client.Directory == null)
                throw Invalid("DirectoryRequired", $"{owner} checks passwords with a directory; name it with -Directory.");
            if (client.FirstFactor == FirstFactor.UpstreamRadius && client.UpstreamServers.Count == 0)
                throw Invalid("UpstreamServerRequired", $"{owner} checks passwords upstream; name the servers with -UpstreamServer.");
        }

        /// <summary>The store's refusals, worded for the admin: which command adds what is missing.</summary>
        private static void Write(RadiusClientDefinition client, System.Action write)
        {
            try
            {
                write();
            }
            catch (EngineException e) when (e.ErrorId == "DirectoryNotFound")
            {
                throw new EngineException(EngineErrorKind.NotFound, e.ErrorId, $"{e.Message} Add it with Add-RasMfaDirectory.", e);
            }
            catch (EngineException e) when (e.ErrorId == "UpstreamRadiusServerNotFound")
            {
                throw new EngineException(EngineErrorKind.NotFound, e.ErrorId, $"{e.Message} Add it with Add-RasMfaUpstreamRadiusServer.", e);
            }
        }

        private static string? NullIfBlank(string? text) => string.IsNullOrWhiteSpace(text) ? null : text;

        private static EngineException Invalid(string errorId, string message) => new EngineException(EngineErrorKind.InvalidArgument, errorId, message);
    }
}
