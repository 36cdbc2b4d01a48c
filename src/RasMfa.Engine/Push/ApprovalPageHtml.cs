using System;
using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using System.Text;

namespace RasMfa.Engine.Push
{
    /// <summary>
    /// The approval page's HTML: self-contained (one inline style, allowed by its hash in the Content-Security-Policy; no
    /// script, no image, nothing fetched), sized for a phone. Every value shown is HTML-encoded.
    /// </summary>
    public static class ApprovalPageHtml
    {
        private const string Style =
            "body{font-family:system-ui,-apple-system,Segoe UI,Roboto,sans-serif;margin:0;padding:16px;background:#f4f5f7;color:#1c1e21}" +
            "main{max-width:420px;margin:0 auto}h1{font-size:22px;margin:8px 0 16px}" +
            "dl{background:#fff;border-radius:12px;padding:12px 16px;margin:0 0 20px}dt{font-size:13px;color:#606770;margin-top:8px}dd{margin:2px 0 0;font-size:17px;word-break:break-all}" +
            "p{font-size:17px}form{display:flex;flex-direction:column;gap:12px}" +
            "button{font-size:28px;padding:18px;border-radius:12px;border:2px solid #1b6ac9;background:#fff;color:#1b6ac9;font-weight:600}" +
            "button.deny{font-size:20px;border-color:#c62828;color:#c62828;margin-top:12px}";

        /// <summary>The policy every answer carries: nothing but this page's own style and form posts to itself; never framed.</summary>
        public static readonly string ContentSecurityPolicy =
            "default-src 'none'; style-src '" + StyleHash() + "'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

        public static string Request(PushApproval approval)
        {
            var body = new StringBuilder();
            body.Append("<h1>Approve this sign-in?</h1><dl>");
            Field(body, "User", approval.UserName);
            Field(body, "Through", approval.ClientName);
            Field(body, "Time", approval.CreatedUtc.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture) + " UTC");
            if (!string.IsNullOrEmpty(approval.CallingStationId)) Field(body, "From", approval.CallingStationId!);
            if (!string.IsNullOrEmpty(approval.SourceAddress)) Field(body, "Remote access server", approval.SourceAddress!);
            body.Append("</dl><p>Pick the number your sign-in screen shows. If you did not just sign in, press Deny.</p>");
            body.Append("<form method=\"post\">");
            foreach (int choice in approval.Choices)
            {
                string number = choice.ToString(CultureInfo.InvariantCulture);
                body.Append("<button type=\"submit\" name=\"number\" value=\"").Append(number).Append("\" id=\"number-").Append(number).Append("\">").Append(number).Append("</button>");
            }
            body.Append("<button type=\"submit\" name=\"deny\" value=\"1\" id=\"deny\" class=\"deny\">Deny</button></form>");
            return Page("Approve sign-in", body.ToString());
        }

        public static string Message(string heading, string text) =>
            Page(heading, "<h1 id=\"outcome\">" + WebUtility.HtmlEncode(heading) + "</h1><p>" + WebUtility.HtmlEncode(text) + "</p>");

        /// <summary>What an unknown, used and expired link all show alike, so that the page tells a guesser nothing.</summary>
        public static string NoLongerValid() => Message("This link is not valid", "It may have been used or have expired. Start the sign-in again for a new one.");

        private static void Field(StringBuilder body, string name, string value) =>
            body.Append("<dt>").Append(WebUtility.HtmlEncode(name)).Append("</dt><dd>").Append(WebUtility.HtmlEncode(value)).Append("</dd>");

        private static string Page(string title, string body) =>
            "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width,initial-scale=1\">" +
            "<meta name=\"referrer\" content=\"no-referrer\"><title>" + WebUtility.HtmlEncode(title) + "</title><style>" + Style + "</style></head><body><main>" +
            body + "</main></body></html>";

        private static string StyleHash()
        {
            using var sha = SHA256.Create();
            return "sha256-" + Convert.ToBase64String(sha.ComputeHash(Encoding.UTF8.GetBytes(Style)));
        }
    }
}
