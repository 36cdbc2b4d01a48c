using System.Threading;
using System.Threading.Tasks;
using RasMfa.Engine.Tokens;

namespace RasMfa.Engine.Mfa.Methods
{
    /// <summary>An authenticator app's (or a time-based hardware token's) code, RFC 6238, within the configured window and drift.</summary>
    public sealed class TotpMethod : ISecondFactorMethod
    {
        private readonly OtpToken _token;

        public TotpMethod(OtpToken token) => _token = token;

        public string Name => "TOTP";

        public int CodeLength => _token.Digits;

        public Task<ChallengeStart?> BeginAsync(MethodRequest request, CancellationToken cancellationToken) => Task.FromResult<ChallengeStart?>(null);

        public Task<MethodMatch?> VerifyAsync(CodeResponse response, MethodRequest request, CancellationToken cancellationToken)
        {
            var match = response.IsEmpty ? null : OtpVerifier.FindTotp(_token, request.NowUtc, request.Settings, response.Matches);
            return Task.FromResult(match == null ? null : new MethodMatch(CodeUse.Of(_token, match)));
        }
    }
}
