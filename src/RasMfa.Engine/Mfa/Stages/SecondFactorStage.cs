using System.Threading;
using System.Threading.Tasks;
using RasMfa.Engine.Clients;
using RasMfa.Engine.Mfa.Methods;
using RasMfa.Engine.Mfa.OutOfBand;
using RasMfa.Engine.Users;

namespace RasMfa.Engine.Mfa.Stages
{
    /// <summary>
    /// The second factor: start the method an automation keyword names; begin a challenge with the user's default method
    /// when asked for a code; or verify the code against the method that began the challenge (or, failing that, each
    /// method the user holds). Always ends the login: the code used up or a failure counted, in the same write as the
    /// audit record.
    /// </summary>
    public sealed class SecondFactorStage : ILoginStage
    {
        public async Task<Settlement?> RunAsync(LoginAttempt attempt, CancellationToken cancellationToken)
        {
            var user = attempt.User!;
            var methods = attempt.Methods;
            if (attempt.Keyword is MethodKind keyword)
            {
                // The client allows it and a provider sends it (KeywordStage); whether this user holds it is told as for an unknown name.
                var named = methods.OfKind(keyword);
                if (named == null)
                {
                    return Settlement.Final(Decisions.MethodUnavailable(OutOfBandMethod.Unavailable(keyword),
                        $"keyword for {MethodKinds.AuditName(keyword)}, which the user does not hold (or has no phone number or mail address for)", user));
                }
                var sent = await named.BeginAsync(attempt.MethodRequest(), cancellationToken).ConfigureAwait(false);
                return Settlement.Final(Decisions.AfterBegin(attempt, named, sent));
            }

            bool begins = attempt.AsksForCode || (attempt.ChecksFirstFactor && attempt.Client.OtpMode == OtpMode.Challenge);
            if (begins)
            {
                // An empty password asks for a code with the client's prompt unless the client starts the default at once.
                var method = methods.FirstStartable!;
                var start = attempt.AsksForCode && !attempt.Autosends ? null : await method.BeginAsync(attempt.MethodRequest(), cancellationToken).ConfigureAwait(false);
                return Settlement.Final(Decisions.AfterBegin(attempt, method, start));
            }

            var response = attempt.AppendedCode != null ? CodeResponse.FromClear(attempt.AppendedCode) : attempt.Response;
            var challenge = attempt.Challenge;
            var began = challenge?.MethodName == null ? null : methods.Named(challenge.MethodName);
            // A single-round method (push) says why a round did not match, and whether it was taken at all.
            var answer = began is ISingleRoundMethod single
                ? await single.AnswerAsync(response, attempt.MethodRequest(challenge!.MethodData), cancellationToken).ConfigureAwait(false)
                : null;
            var (matchedOrDefault, match) = answer != null
                ? (began!, answer.Match)
                : began != null
                ? (began, await began.VerifyAsync(response, attempt.MethodRequest(challenge!.MethodData), cancellationToken).ConfigureAwait(false))
                : await methods.VerifyAsync(response, attempt.MethodRequest(), cancellationToken).ConfigureAwait(false);
            // A lost phone's bypass code answers any challenge, whichever method began it.
            bool bypassGuessed = false;
            if (match == null && began != null && methods.Named(BypassCodeMethod.MethodName) is { } bypass && !ReferenceEquals(bypass, began))
            {
                bypassGuessed = !response.IsEmpty;
                var byCode = await bypass.VerifyAsync(response, attempt.MethodRequest(), cancellationToken).ConfigureAwait(false);
                if (byCode != null) (matchedOrDefault, match, answer) = (bypass, byCode, null);
            }
            string methodName = matchedOrDefault.Name + "/" + attempt.Response.Encoding;
            // A round the server could not hold is its own capacity, not the user's failure: nothing is counted. A wrong
            // bypass code typed in that round is still a wrong code, or a full cap would let bypass codes be guessed freely.
            if (match == null && answer?.NotTaken == true && !bypassGuessed) return Settlement.Final(Decisions.NotHeld(user, methodName, answer.Failure!));
            var write = match != null ? LoginWrite.Accept(user.Id, match.Use, attempt.Lockout) : LoginWrite.WrongCode(user.Id, attempt.Lockout);
            bool matched = match != null;
            bool mayAskAgain = !(began is ISingleRoundMethod);
            string? failure = answer?.Failure;
            var confirms = match?.Use?.ConfirmsEnrollmentAs != null ? match.Use : null;
            return new Settlement(write, settled => confirms == null
                ? Decisions.AfterCode(attempt, methodName, matched, settled, mayAskAgain, failure)
                : Decisions.ConfirmedEnrollment(Decisions.AfterCode(attempt, methodName, matched, settled, mayAskAgain, failure), confirms));
        }
    }
}
