using System.Threading;
using System.Threading.Tasks;

namespace RasMfa.Engine.Radius.Server
{
    /// <summary>The policy seam: the listener does the protocol, a handler decides. The MFA pipeline plugs in here.</summary>
    public interface IAccessRequestHandler
    {
        Task<AccessDecision> DecideAsync(AccessRequestContext context, CancellationToken cancellationToken);
    }

    /// <summary>Rejects every request: the answer while no user can be authenticated.</summary>
    public sealed class RejectAllHandler : IAccessRequestHandler
    {
        public Task<AccessDecision> DecideAsync(AccessRequestContext context, CancellationToken cancellationToken) =>
            Task.FromResult(AccessDecision.Reject());
    }
}
