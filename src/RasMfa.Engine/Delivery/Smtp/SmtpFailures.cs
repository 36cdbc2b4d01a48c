using System;
using System.IO;
using System.Linq;
using System.Net.Sockets;
using MailKit.Net.Smtp;
using MailKit.Security;

namespace RasMfa.Engine.Delivery.Smtp
{
    /// <summary>A failed send in words for the admin and the audit log: what failed and where, never a password or the message.</summary>
    internal static class SmtpFailures
    {
        public static string Explain(Exception e, SmtpStep step, SmtpSettings settings, string? certificateRefusal)
        {
            string server = $"{settings.Host}:{settings.EffectivePort}";
            switch (e)
            {
                case OperationCanceledException _:
                case TimeoutException _:
                    return $"the mail server {server} did not answer within {SendTimeout.Effective(settings.TimeoutSeconds)} s (timeout while {Doing(step)})";
                case SslHandshakeException _:
                    return $"the TLS handshake with the mail server {server} failed: {certificateRefusal ?? "no protocol or cipher in common, or the server is not speaking TLS"}";
                case AuthenticationException _:
                    return $"the mail server {server} refused the user name or password (authentication failed)";
                case SmtpCommandException command:
                    return command.ErrorCode switch
                    {
                        SmtpErrorCode.SenderNotAccepted => $"the mail server {server} refused the sender {settings.From} ({Answer(command)})",
                        SmtpErrorCode.RecipientNotAccepted => $"the mail server {server} refused the recipient ({Answer(command)})",
                        SmtpErrorCode.MessageNotAccepted => $"the mail server {server} refused the message ({Answer(command)})",
                        _ when step == SmtpStep.Authenticate => $"the mail server {server} refused authentication ({Answer(command)})",
                        _ => $"the mail server {server} answered {Answer(command)} while {Doing(step)}",
                    };
                case NotSupportedException _ when step == SmtpStep.Connect && settings.Security == SmtpSecurity.StartTls:
                    return $"the mail server {server} does not offer STARTTLS (or something on the way removed it); nothing was sent in clear";
                case NotSupportedException _ when step == SmtpStep.Authenticate:
                    return $"the mail server {server} offers no authentication this client can use (authentication failed); it may offer AUTH only over TLS";
                case SocketException socket:
                    return $"could not connect to the mail server {server} ({socket.SocketErrorCode})";
                case SmtpProtocolException _:
                case IOException _:
                    return $"the connection to the mail server {server} broke while {Doing(step)}" +
                        (step == SmtpStep.Connect && settings.Security == SmtpSecurity.SslOnConnect ? " (is it speaking implicit TLS on this port?)" : "");
                default:
                    return $"sending through the mail server {server} failed while {Doing(step)}: {e.GetType().Name}";
            }
        }

        private static string Answer(SmtpCommandException command)
        {
            var text = new string((command.Message ?? "").Where(c => !char.IsControl(c)).ToArray()).Trim();
            if (text.Length > 160) text = text.Substring(0, 160);
            return $"{(int)command.StatusCode} {text}".Trim();
        }

        private static string Doing(SmtpStep step) => step switch
        {
            SmtpStep.Connect => "connecting and securing the connection",
            SmtpStep.Authenticate => "authenticating",
            SmtpStep.Send => "sending",
            _ => "closing the connection",
        };
    }
}
