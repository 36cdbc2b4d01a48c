using System;
using System.Linq;
using Microsoft.Extensions.Logging;
using RasMfa.Engine.Configuration;
using RasMfa.Engine.Delivery;
using RasMfa.Engine.Mfa;
using RasMfa.Engine.Mfa.Methods;
using RasMfa.Engine.Push;
using RasMfa.Engine.Storage;

namespace RasMfa.Engine.Hosting
{
    /// <summary>
    /// The listener's push approval: the page served when the store sets one (read at start), and the push method offered
    /// as every known user's default when PushIsDefaultMethod is on. Per-user and keyword choice of push is the method
    /// seam's (keywords); this is what the seam as it is allows.
    /// </summary>
    internal sealed class PushHosting : IDisposable
    {
        private readonly Func<MfaSettings> _settings;
        private readonly ApprovalPageDefinition? _page;
        private readonly PushMethod _method;

        private PushHosting(Func<MfaSettings> settings, ApprovalPageDefinition? page, ApprovalPageServer? server, PushMethod method)
        {
            _settings = settings;
            _page = page;
            Server = server;
            _method = method;
        }

        public ApprovalPageServer? Server { get; }

        /// <summary>Starts the page when one is set; a page that cannot start is logged and push is not offered (codes still work).</summary>
        public static PushHosting Start(IRasMfaStore store, Func<MfaSettings> settings, IDeliveryChannels channels, Func<DateTime> clock, ILogger log)
        {
            var approvals = new PushApprovalService(store.PushApprovals);
            ApprovalPageDefinition? page = null;
            ApprovalPageServer? server = null;
            try
            {
                page = store.ApprovalPage.Get();
                var problem = page == null ? null : page.Unreadable ?? page.Invalidity();
                if (problem != null)
                {
                    log.LogError(Logging.LogEvents.ApprovalPageFault, "The push approval page is not served: {Problem}", problem);
                    page = null;
                }
                if (page != null) server = ApprovalPageServer.StartAsync(ApprovalPageOptions.From(page), approvals, log, clock).GetAwaiter().GetResult();
            }
            catch (Exception e) when (!(e is OutOfMemoryException))
            {
                log.LogError(Logging.LogEvents.ApprovalPageFault, "The push approval page could not start, so push is not offered: {Error}", e.Message);
                page = null;
            }
            var method = new PushMethod(approvals, channels, new HeldRequests(), () => page, log) { Clock = clock };
            return new PushHosting(settings, page, server, method);
        }

        /// <summary>The user's <paramref name="methods"/>, push first when it is offered to everyone; otherwise as they are.</summary>
        public UserMethods MethodsOf(LoginSubject? subject, UserMethods methods)
        {
            if (_page == null || subject?.User == null || !_settings().PushIsDefaultMethod) return methods;
            return new UserMethods(new ISecondFactorMethod[] { _method }.Concat(methods.All).ToList());
        }

        public void Dispose()
        {
            if (Server == null) return;
            try
            {
                Server.StopAsync().GetAwaiter().GetResult();
            }
            finally
            {
                Server.Dispose();
            }
        }
    }
}
