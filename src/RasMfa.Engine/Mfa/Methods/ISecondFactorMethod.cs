using System.Threading;
using System.Threading.Tasks;

namespace RasMfa.Engine.Mfa.Methods
{
    /// <summary>
    /// One way a user proves the second factor: an app's TOTP code, a hardware token's HOTP code, and later a code sent
    /// by SMS or e-mail, or a push approval. The pipeline asks a method to begin a challenge (a method that sends
    /// something out of band does so there) and to verify the response; what to write durably is the store's business.
    /// </summary>
    public interface ISecondFactorMethod
    {
        /// <summary>The method as the audit log names it ("TOTP", "HOTP").</summary>
        string Name { get; }

        /// <summary>How many digits the user types; splits a "password+code" field. Zero for a method without a code.</summary>
        int CodeLength { get; }

        /// <summary>
        /// Starts a challenge: sends the code, the notification, ... and says what the prompt should read. Null when there
        /// is nothing to send (the user already holds the code), and the client's prompt is shown.
        /// </summary>
        Task<ChallengeStart?> BeginAsync(MethodRequest request, CancellationToken cancellationToken);

        /// <summary>
        /// The match when <paramref name="response"/> proves the factor; null when it does not. A match without a
        /// <see cref="MethodMatch.Use"/> is accepted with nothing used up, so a method whose proof is not single-use by
        /// itself (a code it sent) must match only within the challenge it began (<see cref="MethodRequest"/> carries it),
        /// never on a first-round, code-only request: verification tries every method when there is no challenge.
        /// </summary>
        Task<MethodMatch?> VerifyAsync(CodeResponse response, MethodRequest request, CancellationToken cancellationToken);
    }
}
