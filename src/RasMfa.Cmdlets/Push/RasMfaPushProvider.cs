using System.Collections.Generic;
using System.Linq;
using RasMfa.Engine.Configuration;
using RasMfa.Engine.Delivery;
using RasMfa.Engine.Delivery.Webhook;

namespace RasMfa.Cmdlets.Push
{
    /// <summary>How push approval links reach users, as Get-/Set-RasMfaPushProvider show it: never the secret, only whether one is set.</summary>
    public sealed class RasMfaPushProvider
    {
        internal RasMfaPushProvider(PushNotifyBy notifyBy, DeliveryProviderDefinition? webhook)
        {
            NotifyBy = notifyBy;
            if (webhook == null) return;
            Provider = webhook.Provider;
            HasSecret = webhook.Secret != null;
            Unreadable = webhook.Unreadable;
            if (webhook.Provider != WebhookProviderType.TypeName) return;
            var settings = WebhookSettings.Parse(webhook.Settings);
            Url = settings.Url;
            HeaderNames = settings.Headers.Keys.ToArray();
            SecretHeader = settings.SecretHeader.Length == 0 ? null : settings.SecretHeader;
            ContentType = settings.ContentType;
            Body = settings.Body;
            AllowHttp = settings.AllowHttp;
        }

        /// <summary>Webhook (the Push provider), Email or Sms (the user's address or number, through that provider).</summary>
        public PushNotifyBy NotifyBy { get; }

        public string? Provider { get; }

        public string? Url { get; }

        public IReadOnlyList<string> HeaderNames { get; } = new string[0];

        public string? SecretHeader { get; }

        public bool HasSecret { get; }

        public string? ContentType { get; }

        public string? Body { get; }

        public bool AllowHttp { get; }

        public string? Unreadable { get; }
    }
}
