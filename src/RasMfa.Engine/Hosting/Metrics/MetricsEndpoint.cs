using System;
using System.Net;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.Logging;

namespace RasMfa.Engine.Hosting.Metrics
{
    /// <summary>
    /// The HTTP side of the listener, for a scraper and a load balancer: GET /metrics (Prometheus text), /health/live (the
    /// process answers) and /health/ready (the RADIUS socket is bound and the store answered recently). Nothing else: any
    /// other path is 404, any other method 405. It serves no secret and takes no input beyond the path.
    /// </summary>
    public sealed class MetricsEndpoint : IDisposable
    {
        private readonly HttpListener _http = new HttpListener();
        private readonly ListenerMetrics _metrics;
        private readonly Func<bool> _ready;
        private readonly ILogger _logger;
        private readonly CancellationTokenSource _stopping = new CancellationTokenSource();

        private MetricsEndpoint(IPEndPoint address, ListenerMetrics metrics, Func<bool> ready, ILogger logger)
        {
            _metrics = metrics;
            _ready = ready;
            _logger = logger;
            Prefix = MetricsAddress.UrlPrefix(address);
            _http.Prefixes.Add(Prefix);
        }

        /// <summary>The URL prefix it serves, as HttpListener (and a Windows URL reservation) names it.</summary>
        public string Prefix { get; }

        /// <summary>Starts serving; throws HttpListenerException when the address cannot be taken (in use, or not reserved for this account on Windows).</summary>
        public static MetricsEndpoint Start(IPEndPoint address, ListenerMetrics metrics, Func<bool> ready, ILogger logger)
        {
            var endpoint = new MetricsEndpoint(address, metrics, ready, logger);
            try
            {
                endpoint._http.Start();
            }
            catch
            {
                endpoint._http.Close();
                throw;
            }
            _ = endpoint.AcceptAsync();
            return endpoint;
        }

        private async Task AcceptAsync()
        {
            while (!_stopping.IsCancellationRequested)
            {
                HttpListenerContext context;
                try
                {
                    context = await _http.GetContextAsync().ConfigureAwait(false);
                }
                catch (Exception) when (_stopping.IsCancellationRequested)
                {
                    return;
                }
                catch (Exception e)
                {
                    _logger.LogWarning("The metrics endpoint {Prefix} could not take a request: {Error}", Prefix, e.Message);
                    continue;
                }
                // One at a time: a scraper or a health check asks every few seconds; more concurrency would only serve a flood.
                await ServeAsync(context).ConfigureAwait(false);
            }
        }

        private async Task ServeAsync(HttpListenerContext context)
        {
            var response = context.Response;
            try
            {
                var request = context.Request;
                if (request.HttpMethod != "GET" && request.HttpMethod != "HEAD")
                {
                    await TextAsync(response, 405, "Method not allowed.\n").ConfigureAwait(false);
                    return;
                }
                switch (request.Url?.AbsolutePath)
                {
                    case "/metrics":
                        response.StatusCode = 200;
                        response.ContentType = "text/plain; version=0.0.4; charset=utf-8";
                        await _metrics.WriteTextAsync(response.OutputStream, _stopping.Token).ConfigureAwait(false);
                        break;
                    case "/health/live":
                        await TextAsync(response, 200, "live\n").ConfigureAwait(false);
                        break;
                    case "/health/ready":
                        bool ready = _ready();
                        await TextAsync(response, ready ? 200 : 503, ready ? "ready\n" : "not ready\n").ConfigureAwait(false);
                        break;
                    default:
                        await TextAsync(response, 404, "Not found.\n").ConfigureAwait(false);
                        break;
                }
            }
            catch (Exception e)
            {
                _logger.LogDebug("The metrics endpoint's answer failed: {Error}", e.Message);
            }
            finally
            {
                try { response.Close(); } catch (Exception) { }
            }
        }

        private static async Task TextAsync(HttpListenerResponse response, int status, string text)
        {
            var body = Encoding.UTF8.GetBytes(text);
            response.StatusCode = status;
            response.ContentType = "text/plain; charset=utf-8";
            response.ContentLength64 = body.Length;
            await response.OutputStream.WriteAsync(body, 0, body.Length).ConfigureAwait(false);
        }

        public void Dispose()
        {
            _stopping.Cancel();
            try { _http.Stop(); } catch (ObjectDisposedException) { }
            _http.Close();
        }
    }
}
