using System.Text;
using System.Threading;
using System.Threading.Tasks;
using RasMfa.Engine.Mfa;
using RasMfa.Engine.Mfa.Methods;

namespace RasMfa.Engine.Tests.Mfa.Methods
{
    /// <summary>A stand-in for an e-mail or SMS method: it "sends" a code when a challenge begins and remembers it with the challenge.</summary>
    public sealed class FakeSentCodeMethod : ISecondFactorMethod
    {
        private readonly string _code;

        public FakeSentCodeMethod(string name, string code)
        {
            Name = name;
            _code = code;
        }

        public string Name { get; }

        public int CodeLength => _code.Length;

        public int Sent { get; private set; }

        public Task<ChallengeStart?> BeginAsync(MethodRequest request, CancellationToken cancellationToken)
        {
            Sent++;
            return Task.FromResult<ChallengeStart?>(new ChallengeStart($"Enter the code sent to {request.User.UserName[0]}•••@corp.example", _code));
        }

        // Only a code this method sent, and only within the challenge that sent it.
        public Task<MethodMatch?> VerifyAsync(CodeResponse response, MethodRequest request, CancellationToken cancellationToken) =>
            Task.FromResult(request.ChallengeData is string sent && response.Matches(Encoding.ASCII.GetBytes(sent)) ? new MethodMatch(null) : null);
    }
}
