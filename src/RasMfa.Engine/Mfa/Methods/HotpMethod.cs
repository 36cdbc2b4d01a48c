using System.Threading;
using System.Threading.Tasks;
using RasMfa.Engine.Tokens;

namespace RasMfa.Engine.Mfa.Methods
{
    /// <summary>A counter-based hardware token's code, RFC 4226, within the configured look-ahead.</summary>
    public sealed class HotpMethod : ISecondFactorMethod
    {
        private readonly OtpToken _token;

        public HotpMethod(OtpToken token) => _token = token;

        public string Name => "HOTP";

        public int CodeLength => _token.Digits;

        public Task<ChallengeStart?> BeginAsync(MethodRequest request, CancellationToken cancellationToken) => Task.FromResult<ChallengeStart?>(null);

        public Task<MethodMatch?> VerifyAsync(CodeResponse response, MethodRequest request, CancellationToken cancellationToken)
        {
            var match = response.IsEmpty ? null : OtpVerifier.FindHotp(_token, request.Settings, response.Matches);
            return Task.FromResult(match == null ? null : new MethodMatch(CodeUse.Of(_token, match)));
        }
    }
}
