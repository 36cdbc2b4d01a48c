using System;
using System.Net.Http;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using Twilio.Clients;
using Twilio.Exceptions;
using Twilio.Http;
using Twilio.Rest.Api.V2010.Account;
using Twilio.Types;

namespace RasMfa.Engine.Delivery.Twilio
{
    /// <summary>
    /// Sends through Twilio's REST API with the SDK, whose HTTP client is made from <see cref="DeliveryEnvironment.HttpHandler"/>
    /// (no process-wide TwilioClient.Init: each channel holds its own account). A refusal names Twilio's error code and
    /// status, never its text, which may quote the number, nor anything of the credentials.
    /// </summary>
    public sealed class TwilioChannel : IDeliveryChannel, IDisposable
    {
        private readonly TwilioSettings _settings;
        private readonly TwilioRestClient _client;
        private readonly System.Net.Http.HttpClient _http;

        public TwilioChannel(DeliveryKind kind, TwilioSettings settings, byte[] secret, DeliveryEnvironment environment)
        {
            Kind = kind;
            _settings = settings;
            _http = new System.Net.Http.HttpClient(environment.HttpHandler()) { Timeout = TimeSpan.FromSeconds(settings.TimeoutSeconds) };
            var password = Encoding.UTF8.GetString(secret);
            // With an API key, the key authenticates and the account SID says whose resources the request touches.
            _client = new TwilioRestClient(settings.ApiKeySid ?? settings.AccountSid, password, accountSid: settings.AccountSid, httpClient: new SystemNetHttpClient(_http));
        }

        public DeliveryKind Kind { get; }

        /// <summary>Lets go of the SDK's HttpClient and its connections; called once the channel is replaced and idle.</summary>
        public void Dispose() => _http.Dispose();

        public async Task<DeliveryResult> SendAsync(OutgoingMessage message, CancellationToken cancellationToken)
        {
            cancellationToken.ThrowIfCancellationRequested();
            // The SDK's calls take no token: a cancelled send is abandoned here and finishes (or times out) on its own.
            var send = Kind == DeliveryKind.Voice ? CallAsync(message) : TextAsync(message);
            var cancelled = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
            using (cancellationToken.Register(() => cancelled.TrySetResult(true)))
            {
                if (await Task.WhenAny(send, cancelled.Task).ConfigureAwait(false) != send)
                {
                    _ = send.ContinueWith(t => _ = t.Exception, TaskScheduler.Default);
                    cancellationToken.ThrowIfCancellationRequested();
                }
            }
            try
            {
                return await send.ConfigureAwait(false);
            }
            catch (ApiException e) when (e.Code != 0)
            {
                return DeliveryResult.Failed($"Twilio refused it: error {e.Code}, HTTP {e.Status} (https://www.twilio.com/docs/errors/{e.Code})");
            }
            catch (ApiException e)
            {
                // No Twilio error in the answer (a proxy's or load balancer's page): the SDK puts the status only in its
                // text, "Api Error: <status> - <the page>"; the status is all that is worth saying.
                return DeliveryResult.Failed($"Twilio's API answered {StatusIn(e.Message)} without a Twilio error");
            }
            catch (ApiConnectionException e) when (e.InnerException is OperationCanceledException && !cancellationToken.IsCancellationRequested)
            {
                return DeliveryResult.Failed($"Twilio did not answer within {_settings.TimeoutSeconds} s");
            }
            catch (ApiConnectionException e)
            {
                return DeliveryResult.Failed($"Twilio could not be reached ({Cause(e)})");
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                // Should the SDK let its HttpClient's timeout through unwrapped: still a failed delivery, not a fault.
                return DeliveryResult.Failed($"Twilio did not answer within {_settings.TimeoutSeconds} s");
            }
            catch (TwilioException e)
            {
                return DeliveryResult.Failed($"the Twilio SDK failed ({e.GetType().Name})");
            }
        }

        private async Task<DeliveryResult> TextAsync(OutgoingMessage message)
        {
            var options = new CreateMessageOptions(new PhoneNumber(message.Recipient)) { Body = message.Text };
            if (_settings.MessagingServiceSid != null) options.MessagingServiceSid = _settings.MessagingServiceSid;
            else options.From = new PhoneNumber(_settings.From);
            var sent = await MessageResource.CreateAsync(options, _client).ConfigureAwait(false);
            return sent.ErrorCode == null ? DeliveryResult.Sent(sent.Sid) : DeliveryResult.Failed($"Twilio took it with error {sent.ErrorCode}");
        }

        private async Task<DeliveryResult> CallAsync(OutgoingMessage message)
        {
            var options = new CreateCallOptions(new PhoneNumber(message.Recipient), new PhoneNumber(_settings.From))
            {
                Twiml = new Twiml(SpokenCode.Twiml(message.Text, _settings.Language)),
            };
            var call = await CallResource.CreateAsync(options, _client).ConfigureAwait(false);
            return DeliveryResult.Sent(call.Sid);
        }

        private static string StatusIn(string sdkText)
        {
            var status = System.Text.RegularExpressions.Regex.Match(sdkText, "^Api Error: ([A-Za-z0-9]{1,40}) - ");
            return status.Success ? status.Groups[1].Value : "an error";
        }

        // The SDK's connection error text quotes the request's URL; the cause's kind is enough and quotes nothing.
        private static string Cause(Exception e)
        {
            for (var inner = e.InnerException; inner != null; inner = inner.InnerException)
            {
                if (inner is System.Net.Sockets.SocketException socket) return socket.SocketErrorCode.ToString();
                if (inner is System.Security.Authentication.AuthenticationException) return "its TLS certificate is not trusted, or the TLS handshake failed";
            }
            return e.InnerException?.GetType().Name ?? "connection error";
        }
    }
}
