using System.Linq;
using MimeKit;

namespace RasMfa.Engine.Delivery.Smtp
{
    /// <summary>An <see cref="OutgoingMessage"/> as MIME: a text part, an HTML part when there is one, inline images by cid.</summary>
    internal static class SmtpMessages
    {
        public static MimeMessage Build(SmtpSettings settings, MailboxAddress recipient, OutgoingMessage message)
        {
            var mime = new MimeMessage();
            mime.From.Add(new MailboxAddress(settings.FromName ?? "", settings.From.Trim()));
            mime.To.Add(recipient);
            // A subject is one line: a line break in it (from a template or a name) must not start a header of its own.
            mime.Subject = new string(message.Subject.Select(c => char.IsControl(c) ? ' ' : c).ToArray());
            var body = new BodyBuilder { TextBody = message.Text };
            if (message.Html != null)
            {
                body.HtmlBody = message.Html;
                foreach (var image in message.InlineImages)
                {
                    var part = body.LinkedResources.Add(image.ContentId + Extension(image.MediaType), image.Content, ContentType.Parse(image.MediaType));
                    part.ContentId = image.ContentId;
                }
            }
            mime.Body = body.ToMessageBody();
            return mime;
        }

        private static string Extension(string mediaType) => mediaType switch
        {
            "image/png" => ".png",
            "image/jpeg" => ".jpg",
            "image/gif" => ".gif",
            _ => "",
        };
    }
}
