using System;
using System.Net;
using System.Text.RegularExpressions;

namespace RasMfa.Engine.Delivery.HttpGateway
{
    /// <summary>
    /// Whether a gateway's answer means the message was taken: a 2xx status, and the admin's success pattern found (or
    /// failure pattern not found) in its body. The reasons name the status only, never the body, which may echo the message.
    /// </summary>
    public static class GatewayAnswer
    {
        /// <summary>A pattern is the admin's, but a body is the gateway's: a slow match is a failed send, not a stuck listener.</summary>
        public static readonly TimeSpan PatternTimeout = TimeSpan.FromSeconds(1);

        /// <summary>Null when the message counts as sent; else why not, in words for the audit log.</summary>
        public static string? Failure(HttpStatusCode status, string body, string? successPattern, string? failurePattern)
        {
            var code = (int)status;
            if (code < 200 || code > 299) return $"the gateway answered {code} ({status})";
            try
            {
                if (successPattern != null && !Regex.IsMatch(body, successPattern, RegexOptions.CultureInvariant, PatternTimeout))
                    return $"the gateway answered {code} but its answer does not match the success pattern";
                if (failurePattern != null && Regex.IsMatch(body, failurePattern, RegexOptions.CultureInvariant, PatternTimeout))
                    return $"the gateway answered {code} but its answer matches the failure pattern";
            }
            catch (RegexMatchTimeoutException)
            {
                return $"the gateway answered {code} but matching its answer against the pattern took over {PatternTimeout.TotalSeconds:0} s";
            }
            return null;
        }
    }
}
