using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json;

namespace RasMfa.EntraStub
{
    /// <summary>An inline attachment as the stub received it.</summary>
    public sealed class ReceivedAttachment
    {
        public string Name { get; set; } = "";
        public string ContentType { get; set; } = "";
        public string ContentId { get; set; } = "";
        public bool IsInline { get; set; }
        public byte[] Content { get; set; } = new byte[0];
    }

    /// <summary>A mail Graph's sendMail took.</summary>
    public sealed class ReceivedGraphMail
    {
        public string Mailbox { get; set; } = "";
        public string Recipient { get; set; } = "";
        public string Subject { get; set; } = "";
        public string BodyType { get; set; } = "";
        public string Body { get; set; } = "";
        public List<ReceivedAttachment> Attachments { get; } = new List<ReceivedAttachment>();
    }

    /// <summary>
    /// Graph's POST /users/{mailbox}/sendMail, answering by mailbox as Exchange Online would: <see cref="Sender"/> takes mail
    /// (202), <see cref="Denied"/> is refused 403 (no Mail.Send, or an application access policy), <see cref="Throttled"/>
    /// is answered 429 with Retry-After once and then takes it, <see cref="Slow"/> answers after 4 s, any other is unknown (404). A body not of sendMail's shape
    /// (one recipient, a subject and a body, saveToSentItems false, inline file attachments) is answered 400.
    /// </summary>
    public sealed class GraphMailbox
    {
        public const string Sender = "mfa@contoso.com";
        public const string Denied = "denied@contoso.com";
        public const string Throttled = "throttled@contoso.com";
        public const string Slow = "slow@contoso.com";

        private readonly HashSet<string> _throttledOnce = new HashSet<string>(StringComparer.OrdinalIgnoreCase);

        /// <summary>The mails taken, in order.</summary>
        public List<ReceivedGraphMail> Sent { get; } = new List<ReceivedGraphMail>();

        /// <summary>When set (the stub as a process), each mail taken is also written there as JSON, for the Pester tests to read.</summary>
        public string? Folder { get; set; }

        public StubResponse SendMail(StubRequest request, string mailbox)
        {
            mailbox = Uri.UnescapeDataString(mailbox);
            if (string.Equals(mailbox, Denied, StringComparison.OrdinalIgnoreCase))
                return new StubResponse(403, Error("ErrorAccessDenied", "Access is denied. Check credentials and try again."));
            if (string.Equals(mailbox, Throttled, StringComparison.OrdinalIgnoreCase) && _throttledOnce.Add(mailbox))
                return new StubResponse(429, Error("ApplicationThrottled", "Application is over its MailboxConcurrency limit."), ("Retry-After", "1"));
            if (string.Equals(mailbox, Slow, StringComparison.OrdinalIgnoreCase))
            {
                System.Threading.Thread.Sleep(4000);
                return new StubResponse(202, "");
            }
            if (!string.Equals(mailbox, Sender, StringComparison.OrdinalIgnoreCase) && !string.Equals(mailbox, Throttled, StringComparison.OrdinalIgnoreCase))
                return new StubResponse(404, Error("ErrorInvalidUser", $"The requested user '{mailbox}' is invalid."));
            ReceivedGraphMail mail;
            try
            {
                mail = Read(request.Body, mailbox);
            }
            catch (Exception e) when (e is JsonException || e is InvalidOperationException || e is KeyNotFoundException || e is FormatException)
            {
                return new StubResponse(400, Error("ErrorInvalidRequest", "Not sendMail's shape: " + e.Message.Replace("\"", "'")));
            }
            lock (Sent)
            {
                Sent.Add(mail);
                if (Folder != null) File.WriteAllText(Path.Combine(Folder, $"mail-{Sent.Count}.json"), JsonSerializer.Serialize(mail));
            }
            return new StubResponse(202, "");
        }

        private static ReceivedGraphMail Read(string json, string mailbox)
        {
            using var document = JsonDocument.Parse(json);
            var root = document.RootElement;
            if (Get(root, "saveToSentItems").GetBoolean()) throw new InvalidOperationException("saveToSentItems is true");
            var message = Get(root, "message");
            var recipients = Get(message, "toRecipients").EnumerateArray().ToList();
            if (recipients.Count != 1) throw new InvalidOperationException($"{recipients.Count} recipients");
            foreach (var other in new[] { "ccRecipients", "bccRecipients", "from", "replyTo" })
                if (message.EnumerateObject().Any(p => string.Equals(p.Name, other, StringComparison.OrdinalIgnoreCase) && p.Value.ValueKind != JsonValueKind.Null)) throw new InvalidOperationException(other + " is set");
            var body = Get(message, "body");
            var mail = new ReceivedGraphMail
            {
                Mailbox = mailbox,
                Recipient = Get(recipients[0], "emailAddress").GetProperty("address").GetString()!,
                Subject = Get(message, "subject").GetString()!,
                BodyType = Get(body, "contentType").GetString()!,
                Body = Get(body, "content").GetString()!,
            };
            if (mail.BodyType != "html" && mail.BodyType != "text") throw new InvalidOperationException("body contentType " + mail.BodyType);
            if (message.EnumerateObject().Any(p => p.Name == "attachments"))
            {
                foreach (var attachment in Get(message, "attachments").EnumerateArray())
                {
                    if (Get(attachment, "@odata.type").GetString() != "#microsoft.graph.fileAttachment") throw new InvalidOperationException("not a fileAttachment");
                    mail.Attachments.Add(new ReceivedAttachment
                    {
                        Name = Get(attachment, "name").GetString()!,
                        ContentType = Get(attachment, "contentType").GetString()!,
                        ContentId = Get(attachment, "contentId").GetString()!,
                        IsInline = Get(attachment, "isInline").GetBoolean(),
                        Content = Convert.FromBase64String(Get(attachment, "contentBytes").GetString()!),
                    });
                }
            }
            return mail;
        }

        // Graph reads names without regard to case; the SDK sends the action's parameters as "Message" and "SaveToSentItems".
        private static JsonElement Get(JsonElement element, string name)
        {
            foreach (var property in element.EnumerateObject())
                if (string.Equals(property.Name, name, StringComparison.OrdinalIgnoreCase)) return property.Value;
            throw new KeyNotFoundException($"no '{name}'");
        }

        private static string Error(string code, string message) => $"{{\"error\":{{\"code\":\"{code}\",\"message\":\"{message}\"}}}}";
    }
}
