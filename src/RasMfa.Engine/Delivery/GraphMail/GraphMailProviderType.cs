using System;
using System.Collections.Generic;
using System.Linq;
using RasMfa.Engine.Delivery.Smtp;

namespace RasMfa.Engine.Delivery.GraphMail
{
    /// <summary>
    /// E-mail through Microsoft Graph (sendMail as a chosen mailbox) with an Entra tenant's credential, for organisations with
    /// no SMTP relay left. Its channel is the Entra area's (<see cref="DeliveryEnvironment.GraphMail"/>), which loads
    /// Microsoft.Graph at the first send, never at Import-Module or for SMTP.
    /// </summary>
    public sealed class GraphMailProviderType : IDeliveryProviderType
    {
        public const string TypeName = "GraphMail";

        public string Name => TypeName;

        public IReadOnlyList<DeliveryKind> Kinds { get; } = new[] { DeliveryKind.Email };

        public string? Invalidity(DeliveryProviderDefinition provider)
        {
            var settings = GraphMailSettings.Parse(provider.Settings, out var problem);
            if (settings == null) return problem;
            if (string.IsNullOrWhiteSpace(settings.EntraTenant) || SmtpAddresses.HasControlCharacter(settings.EntraTenant)) return "no Entra tenant is named";
            // The mailbox goes into Graph's path: one bare address, nothing that could step to another resource.
            if (SmtpAddresses.SingleMailbox(settings.Mailbox) == null || settings.Mailbox.IndexOfAny(new[] { '/', '?', '#', '%', '\\' }) >= 0)
                return $"the mailbox '{settings.Mailbox}' is not one mail address (a user's or a shared mailbox's UPN)";
            if (SendTimeout.Invalidity(settings.TimeoutSeconds) is string timeout) return timeout;
            if (provider.Secret != null && provider.Secret.Length > 0) return "a Graph mail provider has no secret of its own: it sends with the Entra tenant's credential";
            return null;
        }

        public IReadOnlyList<string> Warnings(DeliveryProviderDefinition provider) => new string[0];

        public IDeliveryChannel CreateChannel(DeliveryProviderDefinition provider, DeliveryEnvironment environment)
        {
            var settings = GraphMailSettings.Parse(provider.Settings, out var problem) ?? throw new ArgumentException(problem, nameof(provider));
            return environment.GraphMail?.Invoke(settings) ?? new UnavailableChannel();
        }

        // Where nothing composed Graph mail in (no store at hand): every send says so rather than throwing.
        private sealed class UnavailableChannel : IDeliveryChannel
        {
            public DeliveryKind Kind => DeliveryKind.Email;

            public System.Threading.Tasks.Task<DeliveryResult> SendAsync(OutgoingMessage message, System.Threading.CancellationToken cancellationToken) =>
                System.Threading.Tasks.Task.FromResult(DeliveryResult.Failed("mail through Graph is not available in this process (no Entra tenants to send with)"));
        }

        /// <summary>Whether the e-mail provider among <paramref name="providers"/> sends through Graph with the tenant <paramref name="tenant"/>.</summary>
        public static bool SendsThrough(IEnumerable<DeliveryProviderDefinition> providers, string tenant) =>
            providers.Any(p => p.Kind == DeliveryKind.Email && string.Equals(p.Provider, TypeName, StringComparison.OrdinalIgnoreCase)
                && string.Equals(GraphMailSettings.Parse(p.Settings, out _)?.EntraTenant, tenant, StringComparison.OrdinalIgnoreCase));
    }
}
