using System.Collections.Generic;

namespace RasMfa.Engine.Entra
{
    /// <summary>
    /// One mail for Graph's sendMail: one recipient and one body (Graph takes HTML or text, not both), with the images the
    /// HTML shows inline (cid:ContentId) as inline file attachments.
    /// </summary>
    public sealed class EntraMail
    {
        public EntraMail(string recipient, string subject, string body, bool bodyIsHtml, IReadOnlyList<EntraMailImage>? inlineImages = null)
        {
            Recipient = recipient;
            Subject = subject;
            Body = body;
            BodyIsHtml = bodyIsHtml;
            InlineImages = inlineImages ?? new EntraMailImage[0];
        }

        public string Recipient { get; }
        public string Subject { get; }

        /// <summary>May hold a code or a link: never logged.</summary>
        public string Body { get; }

        public bool BodyIsHtml { get; }
        public IReadOnlyList<EntraMailImage> InlineImages { get; }
    }

    /// <summary>An image an HTML body shows inline (cid:<see cref="ContentId"/>).</summary>
    public sealed class EntraMailImage
    {
        public EntraMailImage(string contentId, string mediaType, byte[] content)
        {
            ContentId = contentId;
            MediaType = mediaType;
            Content = content;
        }

        public string ContentId { get; }
        public string MediaType { get; }
        public byte[] Content { get; }
    }
}
