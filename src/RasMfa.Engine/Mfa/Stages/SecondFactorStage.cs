using System.Threading;
using System.Threading.Tasks;
using RasMfa.Engine.Clients;
using RasMfa.Engine.Mfa.Methods;

namespace RasMfa.Engine.Mfa.Stages
{
    /// <summary>
    /// The second factor: begin a challenge with the user's default method when asked for a code, or verify the code
    /// against the method that began the challenge (or, failing that, each method the user holds). Always ends the login:
    /// the code used up or a failure counted, in the same write as the audit record.
    /// </summary>
    public sealed class SecondFactorStage : ILoginStage
    {
        public async Task<Settlement?> RunAsync(LoginAttempt attempt, CancellationToken cancellationToken)
        {
            var user = attempt.User!;
            var methods = attempt.Methods;
            bool begins = attempt.AsksForCode || (attempt.ChecksFirstFactor && attempt.Client.OtpMode == OtpMode.Challenge);
            if (begins)
            {
                var method = methods.Default!;
                var start = await method.BeginAsync(attempt.MethodRequest(), cancellationToken).ConfigureAwait(false);
                return Settlement.Final(Decisions.AskForCode(attempt, method, start));
            }

            var response = attempt.AppendedCode != null ? CodeResponse.FromClear(attempt.AppendedCode) : attempt.Response;
            var challenge = attempt.Challenge;
            var began = challenge?.MethodName == null ? null : methods.Named(challenge.MethodName);
            var (matchedOrDefault, match) = began != null
                ? (began, await began.VerifyAsync(response, attempt.MethodRequest(challenge!.MethodData), cancellationToken).ConfigureAwait(false))
                : await methods.VerifyAsync(response, attempt.MethodRequest(), cancellationToken).ConfigureAwait(false);
            string methodName = matchedOrDefault.Name + "/" + attempt.Response.Encoding;
            var write = match != null ? LoginWrite.Accept(user.Id, match.Use, attempt.Lockout) : LoginWrite.WrongCode(user.Id, attempt.Lockout);
            bool matched = match != null;
            bool mayAskAgain = !(began is ISingleRoundMethod);
            return new Settlement(write, settled => Decisions.AfterCode(attempt, methodName, matched, settled, mayAskAgain));
        }
    }
}
