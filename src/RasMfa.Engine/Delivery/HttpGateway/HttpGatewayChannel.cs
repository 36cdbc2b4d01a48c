using System;
using System.Collections.Generic;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Text;
using System.Threading;
using System.Threading.Tasks;

namespace RasMfa.Engine.Delivery.HttpGateway
{
    /// <summary>Sends one message as one HTTP request made from the gateway's templates.</summary>
    public sealed class HttpGatewayChannel : IDeliveryChannel, IDisposable
    {
        /// <summary>Enough for any gateway's status text: the patterns see this much of an answer, and the rest is not read.</summary>
        private const int MaxAnswerBytes = 64 * 1024;

        private readonly HttpGatewaySettings _settings;
        private readonly byte[]? _secret;
        private readonly HttpClient _client;

        public HttpGatewayChannel(DeliveryKind kind, HttpGatewaySettings settings, byte[]? secret, DeliveryEnvironment environment)
        {
            Kind = kind;
            _settings = settings;
            _secret = secret;
            var handler = environment.HttpHandler();
            // A redirect would carry the message (and its code) to an address the admin never set.
            if (handler is HttpClientHandler platform) platform.AllowAutoRedirect = false;
            _client = new HttpClient(handler) { Timeout = System.Threading.Timeout.InfiniteTimeSpan };
        }

        public DeliveryKind Kind { get; }

        /// <summary>Lets go of the HttpClient and its connections; called once the channel is replaced and idle.</summary>
        public void Dispose() => _client.Dispose();

        public async Task<DeliveryResult> SendAsync(OutgoingMessage message, CancellationToken cancellationToken)
        {
            var values = new Dictionary<string, string>
            {
                [GatewayTemplate.Phone] = message.Recipient,
                // A calling gateway reads out what it is given: the call's words, not the text an SMS would carry.
                [GatewayTemplate.Message] = Kind == DeliveryKind.Voice ? SpokenText.AsOneText(message.Text) : message.Text,
                [GatewayTemplate.Secret] = _secret == null ? "" : Encoding.UTF8.GetString(_secret),
            };
            using var request = BuildRequest(values);
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(TimeSpan.FromSeconds(_settings.TimeoutSeconds));
            try
            {
                using var response = await _client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token).ConfigureAwait(false);
                var patterns = _settings.SuccessPattern != null || _settings.FailurePattern != null;
                var body = patterns && response.IsSuccessStatusCode ? await ReadStartAsync(response.Content, timeout.Token).ConfigureAwait(false) : "";
                var failure = GatewayAnswer.Failure(response.StatusCode, body, _settings.SuccessPattern, _settings.FailurePattern);
                return failure == null ? DeliveryResult.Sent() : DeliveryResult.Failed(failure);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                return DeliveryResult.Failed($"the gateway did not answer within {_settings.TimeoutSeconds} s");
            }
            catch (HttpRequestException e)
            {
                return DeliveryResult.Failed($"the gateway could not be reached ({Cause(e)})");
            }
        }

        private static async Task<string> ReadStartAsync(HttpContent content, CancellationToken cancellationToken)
        {
            using var stream = await content.ReadAsStreamAsync().ConfigureAwait(false);
            var buffer = new byte[MaxAnswerBytes];
            var length = 0;
            int read;
            while (length < buffer.Length && (read = await stream.ReadAsync(buffer, length, buffer.Length - length, cancellationToken).ConfigureAwait(false)) > 0) length += read;
            return new UTF8Encoding(false).GetString(buffer, 0, length);
        }

        private HttpRequestMessage BuildRequest(IReadOnlyDictionary<string, string> values)
        {
            var url = GatewayTemplate.Fill(_settings.Url, values, GatewayTemplate.UrlEncode);
            var request = new HttpRequestMessage(new HttpMethod(_settings.Method.ToUpperInvariant()), new Uri(url));
            if (!string.IsNullOrEmpty(_settings.Body))
            {
                var body = GatewayTemplate.Fill(_settings.Body!, values, value => GatewayTemplate.Encoder(_settings.ContentType, value));
                request.Content = new StringContent(body, new UTF8Encoding(false), MediaType(_settings.ContentType));
            }
            foreach (var header in _settings.Headers)
            {
                // Only {secret} may stand in a header (checked when the provider was set), and it holds no line break.
                var value = GatewayTemplate.Fill(header.Value, values, v => v);
                if (!request.Headers.TryAddWithoutValidation(header.Key, value)) request.Content?.Headers.TryAddWithoutValidation(header.Key, value);
            }
            if (_settings.BasicAuthUser != null)
            {
                var pair = Encoding.UTF8.GetBytes(_settings.BasicAuthUser + ":" + values[GatewayTemplate.Secret]);
                request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(pair));
            }
            return request;
        }

        private static string MediaType(GatewayContentType type) => type switch
        {
            GatewayContentType.Json => "application/json",
            GatewayContentType.Form => "application/x-www-form-urlencoded",
            _ => "text/plain",
        };

        // The cause's kind, not its message: messages may quote the URL, whose query can hold the secret.
        private static string Cause(Exception e)
        {
            for (var inner = e; inner != null; inner = inner.InnerException)
            {
                if (inner is SocketException socket) return socket.SocketErrorCode.ToString();
                if (inner is AuthenticationException) return "its TLS certificate is not trusted, or the TLS handshake failed";
            }
            return e.InnerException?.GetType().Name ?? e.GetType().Name;
        }
    }
}
