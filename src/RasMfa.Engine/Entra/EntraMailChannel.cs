using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using RasMfa.Engine.Delivery;
using RasMfa.Engine.Delivery.GraphMail;
using RasMfa.Engine.Delivery.Smtp;

namespace RasMfa.Engine.Entra
{
    /// <summary>
    /// Sends each message through Graph as the configured mailbox, within the provider's timeout (the token included). The
    /// tenant is read at each send, so a new credential (Set-RasMfaEntraTenant) takes effect without a new channel; the Graph
    /// client, and the token it holds, is kept while the tenant is unchanged. Every refusal becomes a <see cref="DeliveryResult"/>.
    /// </summary>
    public sealed class EntraMailChannel : IDeliveryChannel, IDisposable
    {
        private readonly GraphMailSettings _settings;
        private readonly Func<string, EntraTenantDefinition?> _tenants;
        private readonly Func<IEntraGraphFactory> _graphs;
        private readonly object _gate = new object();
        // Graph clients a changed tenant replaced: a send may still be using one, so they go when the channel does.
        private readonly List<IEntraGraph> _replaced = new List<IEntraGraph>();
        private IEntraGraph? _graph;
        private DateTime _graphTenantModified;
        private bool _disposed;

        public EntraMailChannel(GraphMailSettings settings, Func<string, EntraTenantDefinition?> tenants, Func<IEntraGraphFactory> graphs)
        {
            _settings = settings;
            _tenants = tenants;
            _graphs = graphs;
        }

        public DeliveryKind Kind => DeliveryKind.Email;

        public async Task<DeliveryResult> SendAsync(OutgoingMessage message, CancellationToken cancellationToken)
        {
            var recipient = SmtpAddresses.SingleMailbox(message.Recipient);
            if (recipient == null) return DeliveryResult.Failed("the recipient is not one mail address");
            var timeout = SendTimeout.Effective(_settings.TimeoutSeconds);
            using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            deadline.CancelAfter(TimeSpan.FromSeconds(timeout));
            try
            {
                // Off the caller's thread: the tenant is read from the store, and the first send loads Microsoft.Graph and builds
                // its pipeline, synchronously.
                return await Task.Run(async () =>
                {
                    var graph = Graph(out var unavailable);
                    if (graph == null) return DeliveryResult.Failed(unavailable!);
                    await graph.SendMailAsync(_settings.Mailbox, Mail(recipient.Address, message), deadline.Token).ConfigureAwait(false);
                    return DeliveryResult.Sent();
                }, deadline.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                throw;
            }
            catch (OperationCanceledException)
            {
                return DeliveryResult.Failed($"Graph did not take the mail from {_settings.Mailbox} within {timeout} s");
            }
            catch (EntraGraphException e)
            {
                return DeliveryResult.Failed(EntraMailFailures.Explain(e, _settings));
            }
            catch (Exception e) when (!(e is OutOfMemoryException))
            {
                // Only the kind: an SDK's message may quote the request.
                return DeliveryResult.Failed($"sending as {_settings.Mailbox} through Graph failed: {e.GetType().Name}");
            }
        }

        public void Dispose()
        {
            lock (_gate)
            {
                _disposed = true;
                _graph?.Dispose();
                foreach (var graph in _replaced) graph.Dispose();
                _graph = null;
                _replaced.Clear();
            }
        }

        private IEntraGraph? Graph(out string? unavailable)
        {
            unavailable = null;
            EntraTenantDefinition? tenant;
            try
            {
                tenant = _tenants(_settings.EntraTenant);
            }
            catch (Exception e) when (!(e is OutOfMemoryException))
            {
                unavailable = $"Entra tenant '{_settings.EntraTenant}' could not be read from the store ({e.GetType().Name})";
                return null;
            }
            if (tenant == null) unavailable = $"no Entra tenant is named '{_settings.EntraTenant}' (Add-RasMfaEntraTenant)";
            else if (tenant.Unreadable != null) unavailable = $"the credential of Entra tenant '{tenant.Name}' cannot be read here: {tenant.Unreadable}";
            if (unavailable != null) return null;
            lock (_gate)
            {
                if (_disposed)
                {
                    unavailable = "the mail provider was replaced while this mail was being sent";
                    return null;
                }
                if (_graph != null && _graphTenantModified == tenant!.ModifiedUtc) return _graph;
                if (_graph != null) _replaced.Add(_graph);
                try
                {
                    _graph = _graphs().Open(EntraGateway.ConnectionFor(tenant!));
                }
                catch (Exception e) when (!(e is OutOfMemoryException))
                {
                    // A missing component, a certificate that cannot be found or opened: the words say which.
                    _graph = null;
                    unavailable = $"Graph could not be opened for Entra tenant '{tenant!.Name}': {e.Message}";
                    return null;
                }
                _graphTenantModified = tenant!.ModifiedUtc;
                return _graph;
            }
        }

        // Graph takes one body: the HTML when there is one (it shows the inline images), else the text.
        private static EntraMail Mail(string recipient, OutgoingMessage message) => message.Html != null
            ? new EntraMail(recipient, message.Subject, message.Html, true, message.InlineImages.Select(i => new EntraMailImage(i.ContentId, i.MediaType, i.Content)).ToList())
            : new EntraMail(recipient, message.Subject, message.Text, false);
    }
}
