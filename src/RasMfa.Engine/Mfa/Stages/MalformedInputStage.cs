using System.Threading;
using System.Threading.Tasks;
using RasMfa.Engine.Radius;

namespace RasMfa.Engine.Mfa.Stages
{
    /// <summary>
    /// The first stage: a User-Name or PAP password that is not clean text (see <see cref="ReceivedText"/>) is refused
    /// before any user is looked up and before anything reaches a first factor. A NUL in a password would otherwise reach
    /// an LDAP bind, which a C library cuts at the NUL into an anonymous bind that AD accepts; an invisible character in a
    /// name would make a name that AD finds and our lookup does not. The reason is the input's, not the store's, so telling
    /// it (a Reject, not a decoy challenge) tells an attacker nothing about who exists. Nothing is counted: no user is known.
    /// </summary>
    public sealed class MalformedInputStage : ILoginStage
    {
        private static readonly byte[] NoName = new byte[0];

        public Task<Settlement?> RunAsync(LoginAttempt attempt, CancellationToken cancellationToken)
        {
            var nameFlaw = ReceivedText.NameFlaw(attempt.Context.Request.Find(RadiusAttributeType.UserName)?.Value ?? NoName);
            if (nameFlaw != null) return Settlement.Stop(Decisions.Reject(RejectCause.MalformedUserName, detail: nameFlaw));
            var passwordFlaw = attempt.Response.Flaw;
            if (passwordFlaw != null) return Settlement.Stop(Decisions.Reject(RejectCause.MalformedPassword, detail: passwordFlaw));
            return Settlement.Continue;
        }
    }
}
