using System.Collections;
using System.Linq;
using System.Management.Automation;
using System.Security;
using RasMfa.Cmdlets.Common;
using RasMfa.Engine.Configuration;
using RasMfa.Engine.Delivery;
using RasMfa.Engine.Delivery.Webhook;

namespace RasMfa.Cmdlets.Push
{
    /// <summary>
    /// Sets how push approval links reach users: a webhook (ntfy, a Teams workflow, an in-house app), or -Via the e-mail or
    /// SMS provider to the user's own address or number.
    /// </summary>
    [Cmdlet(VerbsCommon.Set, "RasMfaPushProvider", SupportsShouldProcess = true, DefaultParameterSetName = WebhookSet)]
    [OutputType(typeof(RasMfaPushProvider))]
    public sealed class SetRasMfaPushProviderCommand : StoreCommand
    {
        private const string WebhookSet = "Webhook";
        private const string ViaSet = "Via";

        [Parameter(Mandatory = true, ParameterSetName = WebhookSet)]
        [ValidateNotNullOrEmpty]
        public string Url { get; set; } = "";

        [Parameter(ParameterSetName = WebhookSet)]
        public Hashtable? Header { get; set; }

        [Parameter(ParameterSetName = WebhookSet)]
        public string? SecretHeader { get; set; }

        [Parameter(ParameterSetName = WebhookSet)]
        public string? SecretPrefix { get; set; }

        [Parameter(ParameterSetName = WebhookSet)]
        public SecureString? Secret { get; set; }

        [Parameter(ParameterSetName = WebhookSet)]
        [ValidateNotNullOrEmpty]
        public string? Body { get; set; }

        [Parameter(ParameterSetName = WebhookSet)]
        [ValidateNotNullOrEmpty]
        public string? ContentType { get; set; }

        [Parameter(ParameterSetName = WebhookSet)]
        public SwitchParameter AllowHttp { get; set; }

        [Parameter(Mandatory = true, ParameterSetName = ViaSet)]
        [ValidateSet("Email", "Sms")]
        public string Via { get; set; } = "";

        [Parameter]
        public SwitchParameter PassThru { get; set; }

        protected override void EndProcessing() => RunOrStop("Push", () =>
        {
            var configuration = new ConfigurationService(Store.Settings);
            var delivery = new DeliveryProviderService(Store.DeliveryProviders);
            if (ParameterSetName == ViaSet)
            {
                var via = Via == "Email" ? PushNotifyBy.Email : PushNotifyBy.Sms;
                var changed = configuration.Change(settings => settings.PushNotifyBy = via, this);
                if (changed != null && PassThru) WriteObject(new RasMfaPushProvider(changed.PushNotifyBy, Store.DeliveryProviders.Get(DeliveryKind.Push)));
                return;
            }
            var webhook = new WebhookSettings { Url = Url, AllowHttp = AllowHttp };
            if (Header != null) foreach (DictionaryEntry entry in Header) webhook.Headers[entry.Key.ToString()!] = entry.Value?.ToString() ?? "";
            if (SecretHeader != null) webhook.SecretHeader = SecretHeader;
            if (SecretPrefix != null) webhook.SecretPrefix = SecretPrefix;
            if (Body != null) webhook.Body = Body;
            if (ContentType != null) webhook.ContentType = ContentType;
            // A secret goes in Authorization unless the URL or a header says where it goes with {secret}.
            bool placed = WebhookSettings.UsesSecret(webhook.Url) || webhook.Headers.Values.Any(WebhookSettings.UsesSecret);
            if (Secret != null && webhook.SecretHeader.Length == 0 && !placed) webhook.SecretHeader = "Authorization";
            var provider = new DeliveryProviderDefinition(DeliveryKind.Push, WebhookProviderType.TypeName, webhook.ToJson(), Secret == null ? null : SecureStrings.ToUtf8(Secret));
            var set = delivery.Set(provider, this);
            if (set == null) return;
            var notifyBy = configuration.Get().PushNotifyBy;
            if (notifyBy != PushNotifyBy.Webhook) notifyBy = configuration.Change(settings => settings.PushNotifyBy = PushNotifyBy.Webhook, this)?.PushNotifyBy ?? notifyBy;
            if (PassThru) WriteObject(new RasMfaPushProvider(notifyBy, set));
        });
    }
}
