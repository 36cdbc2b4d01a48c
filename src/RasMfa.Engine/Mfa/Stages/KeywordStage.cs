using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using RasMfa.Engine.Delivery;
using RasMfa.Engine.Mfa.Methods;
using RasMfa.Engine.Users;
using RasMfa.Engine.Clients;

namespace RasMfa.Engine.Mfa.Stages
{
    /// <summary>
    /// An automation keyword whose method cannot start at this client, whoever sends it: a method the client does not
    /// allow, or one no provider is configured for (for push: no approval page served, or no provider for PushNotifyBy's
    /// channel). Refused before the user is looked up, with a Reply-Message that says so plainly: the answer depends on the
    /// client and the server only, so it tells nothing of the name.
    /// </summary>
    public sealed class KeywordStage : ILoginStage
    {
        private readonly IDeliveryChannels _channels;
        private readonly IPushMethod? _push;

        /// <param name="push">The listener's push method; null where push is never offered.</param>
        public KeywordStage(IDeliveryChannels channels, IPushMethod? push = null)
        {
            _channels = channels;
            _push = push;
        }

        public Task<Settlement?> RunAsync(LoginAttempt attempt, CancellationToken cancellationToken)
        {
            if (!(attempt.Keyword is MethodKind kind)) return Settlement.Continue;
            var spoken = MethodKinds.Spoken(kind);
            if (!attempt.Client.AllowedMethods.Contains(kind))
            {
                return Settlement.Stop(Decisions.MethodUnavailable($"{Capitalised(spoken)} is not allowed here. Use another method.",
                    $"keyword for {MethodKinds.AuditName(kind)}, which the client does not allow"));
            }
            if (kind == MethodKind.Push)
            {
                if (_push?.HasChannel == true) return Settlement.Continue;
                return Settlement.Stop(Decisions.MethodUnavailable("Push approval is not available on this server. Use another method.",
                    "keyword for Push, but no approval page is served or no provider sends its link (PushNotifyBy)"));
            }
            if (_channels.For(MethodKinds.Delivery(kind)) == null)
            {
                return Settlement.Stop(Decisions.MethodUnavailable($"{Capitalised(spoken)} is not available on this server. Use another method.",
                    $"keyword for {MethodKinds.AuditName(kind)}, but no {spoken} provider is configured"));
            }
            return Settlement.Continue;
        }

        private static string Capitalised(string text) => char.ToUpperInvariant(text[0]) + text.Substring(1);
    }
}
