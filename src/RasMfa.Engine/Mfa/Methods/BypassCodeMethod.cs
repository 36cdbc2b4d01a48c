using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using RasMfa.Engine.BypassCodes;

namespace RasMfa.Engine.Mfa.Methods
{
    /// <summary>
    /// A bypass code an admin made for a user who lost their phone (New-RasMfaBypassCode): matched against each of the
    /// user's codes that has not expired and has a use left, every code hashed and compared in constant time whether an
    /// earlier one matched or not; a match takes one use in the login's write. PAP only: the code is kept as a keyed hash.
    /// </summary>
    public sealed class BypassCodeMethod : ISecondFactorMethod
    {
        public const string MethodName = BypassCodeService.MethodName;

        private readonly IReadOnlyList<HeldBypassCode> _codes;

        public BypassCodeMethod(IReadOnlyList<HeldBypassCode> codes) => _codes = codes;

        public string Name => MethodName;

        public int CodeLength => BypassCodeSecret.Digits;

        // The user already holds the code: nothing to send.
        public Task<ChallengeStart?> BeginAsync(MethodRequest request, CancellationToken cancellationToken) => Task.FromResult<ChallengeStart?>(null);

        public Task<MethodMatch?> VerifyAsync(CodeResponse response, MethodRequest request, CancellationToken cancellationToken)
        {
            HeldBypassCode? found = null;
            foreach (var code in _codes)
            {
                bool hit = response.MatchesHashed(typed => BypassCodeSecret.Hash(code.HashKey, typed), code.Hash);
                if (hit && found == null && code.IsLive(request.NowUtc)) found = code;
            }
            return Task.FromResult(found == null ? null : new MethodMatch(CodeUse.OfBypassCode(found.Id)));
        }
    }
}
