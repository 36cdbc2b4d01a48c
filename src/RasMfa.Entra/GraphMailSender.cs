using System;
using System.Collections.Generic;
using System.Linq;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using Azure.Identity;
using Microsoft.Graph;
using Microsoft.Graph.Models;
using Microsoft.Graph.Models.ODataErrors;
using Microsoft.Graph.Users.Item.SendMail;
using Microsoft.Kiota.Abstractions;
using RasMfa.Engine.Entra;

namespace RasMfa.Entra
{
    /// <summary>
    /// Graph's sendMail as a chosen mailbox: one body, inline images as inline file attachments, nothing kept in Sent Items
    /// (a copy of every sign-in code in a shared mailbox would be one more place to read them). Each failure is an
    /// EntraGraphException with Graph's status and words, never the token.
    /// </summary>
    internal static class GraphMailSender
    {
        public static async Task SendAsync(GraphServiceClient client, string mailbox, EntraMail mail, CancellationToken cancellationToken)
        {
            var body = new SendMailPostRequestBody
            {
                Message = new Message
                {
                    Subject = mail.Subject,
                    Body = new ItemBody { ContentType = mail.BodyIsHtml ? BodyType.Html : BodyType.Text, Content = mail.Body },
                    ToRecipients = new List<Recipient> { new Recipient { EmailAddress = new EmailAddress { Address = mail.Recipient } } },
                    Attachments = mail.InlineImages.Select(image => (Attachment)new FileAttachment
                    {
                        OdataType = "#microsoft.graph.fileAttachment",
                        Name = image.ContentId + Extension(image.MediaType),
                        ContentType = image.MediaType,
                        ContentBytes = image.Content,
                        ContentId = image.ContentId,
                        IsInline = true,
                    }).ToList(),
                },
                SaveToSentItems = false,
            };
            try
            {
                await client.Users[mailbox].SendMail.PostAsync(body, cancellationToken: cancellationToken).ConfigureAwait(false);
            }
            catch (ODataError e)
            {
                throw new EntraGraphException($"Graph answered {e.ResponseStatusCode}: {e.Error?.Code} {e.Error?.Message}".TrimEnd(), e.ResponseStatusCode, e);
            }
            catch (ApiException e)
            {
                throw new EntraGraphException($"Graph answered {e.ResponseStatusCode}: {e.Message}", e.ResponseStatusCode, e);
            }
            catch (AuthenticationFailedException e)
            {
                throw new EntraGraphException($"No token: {SignInReason(e.Message + "\n" + e.InnerException?.Message)}", null, e);
            }
            catch (Azure.RequestFailedException e)
            {
                throw new EntraGraphException($"The sign-in service answered {e.Status}: {Shortened(e.Message)}", e.Status, e);
            }
            catch (HttpRequestException e) when (!cancellationToken.IsCancellationRequested)
            {
                throw new EntraGraphException($"Graph or the sign-in service could not be reached: {e.Message}", null, e);
            }
        }

        private static string Extension(string mediaType) => mediaType switch
        {
            "image/png" => ".png",
            "image/jpeg" => ".jpg",
            "image/gif" => ".gif",
            _ => "",
        };

        // The sign-in service's own reason (AADSTS7000215: Invalid client secret provided.) says what to mend; MSAL's words
        // around it do not, and would push it past what a delivery failure keeps.
        private static string SignInReason(string text)
        {
            var reason = System.Text.RegularExpressions.Regex.Match(text, @"AADSTS\d+:[^\r\n]*?(?:\.(?=\s)|$)", System.Text.RegularExpressions.RegexOptions.Multiline);
            return reason.Success ? reason.Value.Trim() : Shortened(text);
        }

        // The sign-in service's reason (AADSTS...) on one line, without the troubleshooting link.
        private static string Shortened(string text)
        {
            var lines = text.Split('\n').Select(l => l.Trim()).Where(l => l.Length > 0 && !l.StartsWith("See the troubleshooting", StringComparison.Ordinal));
            var joined = string.Join(" ", lines);
            return joined.Length > 400 ? joined.Substring(0, 400) : joined;
        }
    }
}
