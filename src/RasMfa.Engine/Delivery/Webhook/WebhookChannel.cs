using System;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Text;
using System.Threading;
using System.Threading.Tasks;

namespace RasMfa.Engine.Delivery.Webhook
{
    /// <summary>POSTs the filled-in body; any 2xx is delivered. Neither the body (it holds the link) nor the secret is ever logged.</summary>
    internal sealed class WebhookChannel : IDeliveryChannel, IDisposable
    {
        private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);
        private readonly WebhookSettings _settings;
        private readonly string? _secret;
        private readonly HttpClient _client;

        public WebhookChannel(WebhookSettings settings, byte[]? secret, DeliveryEnvironment environment)
        {
            _settings = settings;
            _secret = secret == null ? null : Encoding.UTF8.GetString(secret);
            _client = new HttpClient(environment.HttpHandler(), disposeHandler: true) { Timeout = Timeout };
        }

        public DeliveryKind Kind => DeliveryKind.Push;

        /// <summary>Lets go of the HttpClient and its connections; called once the channel is replaced and idle.</summary>
        public void Dispose() => _client.Dispose();

        public async Task<DeliveryResult> SendAsync(OutgoingMessage message, CancellationToken cancellationToken)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, _settings.Url);
            var body = _settings.BodyFor(message.Recipient, message.Link ?? message.Text);
            request.Content = new StringContent(body, Encoding.UTF8);
            request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(_settings.ContentType + "; charset=utf-8");
            foreach (var header in _settings.Headers) request.Headers.TryAddWithoutValidation(header.Key, header.Value);
            if (_settings.SecretHeader.Length > 0 && _secret != null) request.Headers.TryAddWithoutValidation(_settings.SecretHeader, _settings.SecretPrefix + _secret);
            try
            {
                using var response = await _client.SendAsync(request, cancellationToken).ConfigureAwait(false);
                int status = (int)response.StatusCode;
                return status >= 200 && status < 300 ? DeliveryResult.Sent() : DeliveryResult.Failed($"the webhook answered {status}");
            }
            catch (HttpRequestException e)
            {
                return DeliveryResult.Failed("the webhook could not be reached: " + e.Message);
            }
            catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                return DeliveryResult.Failed($"the webhook did not answer within {Timeout.TotalSeconds:0} seconds");
            }
        }
    }
}
