using System.Threading;
using System.Threading.Tasks;

namespace RasMfa.Engine.Mfa.Methods
{
    /// <summary>
    /// A method whose challenge is answered once: a failed round ends the login with a Reject rather than asking again
    /// (a push approval denied, or not decided in time, cannot be decided again on the same challenge).
    /// </summary>
    public interface ISingleRoundMethod : ISecondFactorMethod
    {
        /// <summary>
        /// Verifies the round as <see cref="ISecondFactorMethod.VerifyAsync"/> does, and says why it did not match (or
        /// that it was not taken at all), so that the audit log and the lockout tell a Deny, a timeout and a full server apart.
        /// </summary>
        Task<SingleRoundAnswer> AnswerAsync(CodeResponse response, MethodRequest request, CancellationToken cancellationToken);
    }
}
