using System.Threading;
using System.Threading.Tasks;
using RasMfa.Engine.Tokens;

namespace RasMfa.Engine.Mfa.Methods
{
    /// <summary>
    /// What the OATH methods share: the user already holds the code (nothing to send when a challenge begins), and a
    /// matched code is used up durably, by step or counter, so that it is never accepted twice.
    /// </summary>
    public abstract class OtpMethod : ISecondFactorMethod
    {
        protected OtpMethod(OtpToken token) => Token = token;

        protected OtpToken Token { get; }

        public abstract string Name { get; }

        public int CodeLength => Token.Digits;

        public Task<ChallengeStart?> BeginAsync(MethodRequest request, CancellationToken cancellationToken) => Task.FromResult<ChallengeStart?>(null);

        public Task<MethodMatch?> VerifyAsync(CodeResponse response, MethodRequest request, CancellationToken cancellationToken)
        {
            var match = response.IsEmpty ? null : Find(response, request);
            return Task.FromResult(match == null ? null : new MethodMatch(CodeUse.Of(Token, match)));
        }

        /// <summary>The step or counter position the response's code was made for, within the configured window; null when none.</summary>
        protected abstract OtpMatch? Find(CodeResponse response, MethodRequest request);
    }
}
