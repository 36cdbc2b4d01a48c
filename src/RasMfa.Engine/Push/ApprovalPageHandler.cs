using System;
using System.Globalization;
using System.IO;
using System.Text;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Logging;

namespace RasMfa.Engine.Push
{
    /// <summary>
    /// GET /approve/{token} shows the request and the three numbers; POST decides it. Any other path, method or a link that
    /// opens nothing gets the same answers whatever the reason. The token is never logged (it is in the path: the server's
    /// own request logging stays off).
    /// </summary>
    public sealed class ApprovalPageHandler
    {
        private const string Prefix = "/approve/";
        private const int MaxFormBytes = 256;

        private readonly PushApprovalService _approvals;
        private readonly SourceRateLimit _rateLimit;
        private readonly Func<DateTime> _clock;
        private readonly ILogger _log;
        private readonly Logging.RateLimitedLog _faultLog = new Logging.RateLimitedLog(TimeSpan.FromSeconds(10));

        public ApprovalPageHandler(PushApprovalService approvals, int requestsPerMinutePerSource, Func<DateTime> clock, ILogger log)
        {
            _approvals = approvals;
            _rateLimit = new SourceRateLimit(requestsPerMinutePerSource);
            _clock = clock;
            _log = log;
        }

        public async Task HandleAsync(HttpContext context)
        {
            var response = context.Response;
            response.Headers["Content-Security-Policy"] = ApprovalPageHtml.ContentSecurityPolicy;
            response.Headers["X-Frame-Options"] = "DENY";
            response.Headers["Cache-Control"] = "no-store, max-age=0";
            response.Headers["Pragma"] = "no-cache";
            response.Headers["Referrer-Policy"] = "no-referrer";
            response.Headers["X-Content-Type-Options"] = "nosniff";
            response.Headers["Strict-Transport-Security"] = "max-age=31536000";

            string source = context.Connection.RemoteIpAddress?.ToString() ?? "unknown";
            var now = _clock();
            var remote = context.Connection.RemoteIpAddress;
            if (!_rateLimit.TryTake(remote == null ? source : SourceConnectionLimit.SourceOf(remote).ToString(), now))
            {
                await Answer(response, 429, ApprovalPageHtml.Message("Too many requests", "Wait a minute and open the link again.")).ConfigureAwait(false);
                return;
            }

            string path = context.Request.Path.Value ?? "";
            string? token = path.StartsWith(Prefix, StringComparison.Ordinal) ? path.Substring(Prefix.Length) : null;
            if (token == null)
            {
                await Answer(response, 404, ApprovalPageHtml.NoLongerValid()).ConfigureAwait(false);
                return;
            }
            try
            {
                if (HttpMethods.IsGet(context.Request.Method))
                {
                    var approval = _approvals.Open(token, now);
                    await Answer(response, 200, approval == null ? ApprovalPageHtml.NoLongerValid() : ApprovalPageHtml.Request(approval)).ConfigureAwait(false);
                }
                else if (HttpMethods.IsPost(context.Request.Method))
                {
                    if (context.Request.ContentLength > MaxFormBytes)
                    {
                        await Answer(response, 413, ApprovalPageHtml.NoLongerValid()).ConfigureAwait(false);
                        return;
                    }
                    var (chosen, deny, readable) = await ReadForm(context.Request).ConfigureAwait(false);
                    if (!readable || (chosen == null && !deny))
                    {
                        await Answer(response, 400, ApprovalPageHtml.NoLongerValid()).ConfigureAwait(false);
                        return;
                    }
                    var decided = _approvals.Decide(token, deny ? null : chosen, now);
                    await Answer(response, 200, Outcome(decided)).ConfigureAwait(false);
                }
                else
                {
                    response.Headers["Allow"] = "GET, POST";
                    await Answer(response, 405, ApprovalPageHtml.NoLongerValid()).ConfigureAwait(false);
                }
            }
            catch (BadHttpRequestException)
            {
                // A body the server refuses (too long, malformed chunks): the sender's fault, answered as such, never logged.
                if (!response.HasStarted) await Answer(response, 400, ApprovalPageHtml.NoLongerValid()).ConfigureAwait(false);
            }
            catch (Exception e) when (!(e is OperationCanceledException))
            {
                // The store unreachable, a damaged row: the user sees a plain failure, the log says why (never the token).
                var turn = _faultLog.Occurred();
                if (turn.Write)
                    _log.LogWarning(Logging.LogEvents.ApprovalPageFault, "The approval page could not answer a request from {Source}: {Error} ({Suppressed} more not logged before this)",
                        source, e.Message, turn.SuppressedBefore);
                await Answer(response, 503, ApprovalPageHtml.Message("Not available", "The sign-in could not be decided just now. Try again.")).ConfigureAwait(false);
            }
        }

        private static string Outcome(PushDecision? decided) => decided switch
        {
            PushDecision.Approved => ApprovalPageHtml.Message("Approved", "You can return to your sign-in."),
            PushDecision.Denied => ApprovalPageHtml.Message("Denied", "The sign-in is refused. If you did not start it, tell your IT department."),
            PushDecision.WrongNumber => ApprovalPageHtml.Message("Denied", "That is not the number your sign-in shows, so it is refused. If you did not start it, tell your IT department."),
            _ => ApprovalPageHtml.NoLongerValid(),
        };

        private static async Task<(int? Chosen, bool Deny, bool Readable)> ReadForm(HttpRequest request)
        {
            if (request.ContentType == null || !request.ContentType.StartsWith("application/x-www-form-urlencoded", StringComparison.OrdinalIgnoreCase)) return (null, false, false);
            var buffer = new byte[MaxFormBytes + 1];
            int read = 0, got;
            while (read < buffer.Length && (got = await request.Body.ReadAsync(buffer, read, buffer.Length - read).ConfigureAwait(false)) > 0) read += got;
            if (read > MaxFormBytes) return (null, false, false);
            var form = QueryHelpers.ParseQuery("?" + Encoding.ASCII.GetString(buffer, 0, read));
            bool deny = form.ContainsKey("deny");
            int? chosen = form.TryGetValue("number", out var value) && value.Count == 1
                && int.TryParse(value[0], NumberStyles.None, CultureInfo.InvariantCulture, out int number) ? number : (int?)null;
            return (chosen, deny, true);
        }

        private static async Task Answer(HttpResponse response, int status, string html)
        {
            response.StatusCode = status;
            response.ContentType = "text/html; charset=utf-8";
            var bytes = Encoding.UTF8.GetBytes(html);
            response.ContentLength = bytes.Length;
            await response.Body.WriteAsync(bytes, 0, bytes.Length).ConfigureAwait(false);
        }
    }
}
