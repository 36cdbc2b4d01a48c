using System;
using System.Linq;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using MailKit.Net.Smtp;
using MailKit.Security;

namespace RasMfa.Engine.Delivery.Smtp
{
    /// <summary>
    /// Sends each message on a connection of its own (connect, secure, authenticate, send, quit), within the provider's
    /// timeout. Every refusal or fault becomes a <see cref="DeliveryResult"/> in words for the admin and the audit log: never
    /// the password, never the message's text.
    /// </summary>
    public sealed class SmtpChannel : IDeliveryChannel
    {
        private readonly SmtpSettings _settings;
        private readonly byte[]? _password;

        public SmtpChannel(SmtpSettings settings, byte[]? password)
        {
            _settings = settings;
            _password = password;
        }

        public DeliveryKind Kind => DeliveryKind.Email;

        public async Task<DeliveryResult> SendAsync(OutgoingMessage message, CancellationToken cancellationToken)
        {
            var recipient = SmtpAddresses.SingleMailbox(message.Recipient);
            if (recipient == null) return DeliveryResult.Failed("the recipient is not one mail address");
            var mime = SmtpMessages.Build(_settings, recipient, message);
            var certificateCheck = new SmtpServerCertificateCheck(_settings.CertificateThumbprint);
            var timeout = TimeSpan.FromSeconds(SendTimeout.Effective(_settings.TimeoutSeconds));
            using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            deadline.CancelAfter(timeout);
            using var client = new SmtpClient
            {
                Timeout = (int)timeout.TotalMilliseconds,
                ServerCertificateValidationCallback = certificateCheck.Validate,
            };
            var step = SmtpStep.Connect;
            try
            {
                await client.ConnectAsync(_settings.Host, _settings.EffectivePort, SocketOptions, deadline.Token).ConfigureAwait(false);
                if (!string.IsNullOrEmpty(_settings.UserName))
                {
                    step = SmtpStep.Authenticate;
                    var password = _password == null ? "" : Encoding.UTF8.GetString(_password);
                    await client.AuthenticateAsync(_settings.UserName!, password, deadline.Token).ConfigureAwait(false);
                }
                step = SmtpStep.Send;
                var answer = await client.SendAsync(mime, deadline.Token).ConfigureAwait(false);
                step = SmtpStep.Quit;
                await client.DisconnectAsync(true, deadline.Token).ConfigureAwait(false);
                return DeliveryResult.Sent(Printable(answer));
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                throw;
            }
            catch (Exception e) when (step == SmtpStep.Quit && !(e is OutOfMemoryException))
            {
                // The server took the message; a fault while saying goodbye does not undo that.
                return DeliveryResult.Sent();
            }
            catch (Exception e) when (!(e is OutOfMemoryException))
            {
                return DeliveryResult.Failed(SmtpFailures.Explain(e, step, _settings, certificateCheck.Refusal));
            }
        }

        private SecureSocketOptions SocketOptions => _settings.Security switch
        {
            SmtpSecurity.SslOnConnect => SecureSocketOptions.SslOnConnect,
            SmtpSecurity.None => SecureSocketOptions.None,
            // Required, not "when available": a greeting stripped of STARTTLS fails the send instead of going out in clear.
            _ => SecureSocketOptions.StartTls,
        };

        private static string? Printable(string? text)
        {
            if (string.IsNullOrWhiteSpace(text)) return null;
            var clean = new string(text!.Where(c => !char.IsControl(c)).ToArray()).Trim();
            return clean.Length > 200 ? clean.Substring(0, 200) : clean;
        }
    }
}
