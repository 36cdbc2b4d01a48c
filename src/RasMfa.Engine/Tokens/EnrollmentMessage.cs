using System.Net;
using RasMfa.Engine.Delivery;

namespace RasMfa.Engine.Tokens
{
    /// <summary>The enrolment mail: the QR code inline, the otpauth link and the secret typed by hand, and what to do next.</summary>
    public static class EnrollmentMessage
    {
        public const string QrContentId = "rasmfa-enrollment-qr";

        /// <param name="confirmsAtLogin">The user holds no other method, so the first sign-in with a code confirms the enrolment.</param>
        public static OutgoingMessage Build(string recipient, string issuer, string userName, string otpAuthUri, string base32Secret, bool confirmsAtLogin = false)
        {
            string subject = $"{issuer}: set up your authenticator app";
            string next = (confirmsAtLogin
                              ? $"When the app shows codes for {issuer}, sign in with the code it shows: that first sign-in confirms the app. "
                              : $"When the app shows codes for {issuer}, give the code it shows to your IT help desk: they confirm it, and " +
                                "only then does the app work for signing in. ") +
                          "If you did not expect this mail, tell your IT help desk.";
            string text =
                $"Hello {userName},\r\n\r\n" +
                $"Scan the QR code in this mail with your authenticator app, or open this link on the phone:\r\n{otpAuthUri}\r\n\r\n" +
                $"Or enter this key by hand: {base32Secret}\r\n\r\n{next}\r\n";
            string html =
                $"<p>Hello {Html(userName)},</p>" +
                $"<p>Scan this QR code with your authenticator app:</p><p><img src=\"cid:{QrContentId}\" alt=\"QR code\"></p>" +
                $"<p>Or, on the phone, open <a href=\"{Html(otpAuthUri)}\">this link</a>, or enter this key by hand: <code>{Html(base32Secret)}</code></p>" +
                $"<p>{Html(next)}</p>";
            return new OutgoingMessage(recipient, subject, text, html, new[] { new InlineImage(QrContentId, "image/png", Enrollment.QrPng(otpAuthUri)) });
        }

        private static string Html(string text) => WebUtility.HtmlEncode(text);
    }
}
