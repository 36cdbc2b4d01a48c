using System.Linq;
using MimeKit;

namespace RasMfa.Engine.Delivery.Smtp
{
    /// <summary>
    /// Mail addresses as RasMfa takes them from the store (a user's e-mail, the From address): exactly one bare address, no
    /// display name, no list, no control character. Anything else could add a header or a recipient (CR LF "Bcc:").
    /// </summary>
    public static class SmtpAddresses
    {
        public static MailboxAddress? SingleMailbox(string? text)
        {
            if (string.IsNullOrWhiteSpace(text) || HasControlCharacter(text!)) return null;
            var trimmed = text!.Trim();
            if (!MailboxAddress.TryParse(ParserOptions.Default, trimmed, out var mailbox)) return null;
            if (!string.IsNullOrEmpty(mailbox.Name) || mailbox.Address != trimmed || mailbox.Route.Count > 0) return null;
            var at = trimmed.IndexOf('@');
            return at > 0 && at < trimmed.Length - 1 && trimmed.IndexOf('@', at + 1) < 0 ? mailbox : null;
        }

        public static bool HasControlCharacter(string text) => text.Any(char.IsControl);
    }
}
