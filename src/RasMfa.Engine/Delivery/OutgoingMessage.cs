using System.Collections.Generic;

namespace RasMfa.Engine.Delivery
{
    /// <summary>
    /// One message to one person. <see cref="Text"/> is what an SMS carries, a voice call reads out, and a mail's plain
    /// part is; <see cref="Html"/> and <see cref="InlineImages"/> are for mail only (other channels ignore them).
    /// </summary>
    public sealed class OutgoingMessage
    {
        public OutgoingMessage(string recipient, string subject, string text, string? html = null, IReadOnlyList<InlineImage>? inlineImages = null)
        {
            Recipient = recipient;
            Subject = subject;
            Text = text;
            Html = html;
            InlineImages = inlineImages ?? new InlineImage[0];
        }

        /// <summary>An E.164 phone number (+15550100101) for SMS and voice, a mail address for e-mail, the user name for push.</summary>
        public string Recipient { get; }

        public string Subject { get; }

        /// <summary>May hold a code or a link: never logged.</summary>
        public string Text { get; }

        public string? Html { get; }

        public IReadOnlyList<InlineImage> InlineImages { get; }

        /// <summary>A push approval's link on its own, for channels that place it themselves (a webhook's {link}); also in <see cref="Text"/>.</summary>
        public string? Link { get; set; }
    }

    /// <summary>An image a mail's HTML part shows inline (cid:<see cref="ContentId"/>), e.g. an enrolment QR code.</summary>
    public sealed class InlineImage
    {
        public InlineImage(string contentId, string mediaType, byte[] content)
        {
            ContentId = contentId;
            MediaType = mediaType;
            Content = content;
        }

        public string ContentId { get; }

        /// <summary>"image/png".</summary>
        public string MediaType { get; }

        public byte[] Content { get; }
    }
}
