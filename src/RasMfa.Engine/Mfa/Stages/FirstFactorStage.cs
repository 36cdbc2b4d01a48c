using System;
using System.Threading;
using System.Threading.Tasks;
using RasMfa.Engine.BypassCodes;
using RasMfa.Engine.Clients;
using RasMfa.Engine.FirstFactors;
using RasMfa.Engine.Mfa.Methods;
using RasMfa.Engine.Radius;

namespace RasMfa.Engine.Mfa.Stages
{
    /// <summary>
    /// The first factor, when the password is checked here (RAS forwards the domain password): a wrong password counts
    /// toward the lockout and answers Reject, whether or not the user exists. With "password+code" in one field, the
    /// code is split off first and left for the second-factor stage.
    /// </summary>
    public sealed class FirstFactorStage : ILoginStage
    {
        private static readonly RadiusAttribute[] NoAttributes = new RadiusAttribute[0];
        private readonly Func<RadiusClientDefinition, IFirstFactorChecker?> _checkerFor;
        private readonly IStageTimings _timings;
        private readonly FirstFactorHealthLog? _health;

        public FirstFactorStage(Func<RadiusClientDefinition, IFirstFactorChecker?> checkerFor, IStageTimings? timings = null, FirstFactorHealthLog? health = null)
        {
            _checkerFor = checkerFor;
            _timings = timings ?? StageTimings.None;
            _health = health;
        }

        // The configured name of what checks the password: bounded by the configuration, whatever the request says.
        private static string SourceName(RadiusClientDefinition client) => client.FirstFactor == FirstFactor.Directory
            ? "directory/" + client.Directory
            : "upstream/" + string.Join(",", client.UpstreamServers);

        public async Task<Settlement?> RunAsync(LoginAttempt attempt, CancellationToken cancellationToken)
        {
            if (!attempt.ChecksFirstFactor) return null;
            var client = attempt.Client;
            var password = attempt.Response.Typed!;
            if (client.OtpMode == OtpMode.Appended)
            {
                int digits = attempt.Methods.Default is { CodeLength: > 0 } method ? method.CodeLength : 6;
                if (await EndsInBypassCodeAsync(attempt, cancellationToken).ConfigureAwait(false)) digits = BypassCodeSecret.Digits;
                SplitAppendedCode(attempt.Response.Typed!, digits, out password, out var code);
                attempt.AppendedCode = code ?? new byte[0];
            }

            var checker = attempt.FirstFactorChecker ??= _checkerFor(client);
            if (checker == null) return Settlement.Final(Decisions.Reject(RejectCause.NoFirstFactorConfigured, method: "first factor"));
            long started = System.Diagnostics.Stopwatch.GetTimestamp();
            var first = await checker.CheckAsync(attempt.RequestedName, password, cancellationToken).ConfigureAwait(false);
            bool reachable = first.Outcome != FirstFactorOutcome.Unavailable;
            _timings.FirstFactorChecked(SourceName(client), reachable, StageTimings.SecondsSince(started));
            _health?.Checked(SourceName(client), reachable, first.Reason);
            string methodName = $"{client.FirstFactor}/PAP";
            var user = attempt.User;
            switch (first.Outcome)
            {
                case FirstFactorOutcome.Unavailable:
                    return Settlement.Final(Decisions.Reject(RejectCause.FirstFactorFailed, method: methodName, detail: first.Reason));
                case FirstFactorOutcome.Rejected:
                    if (user == null) return Settlement.Final(Decisions.Reject(RejectCause.FirstFactorFailed, method: methodName, detail: first.Reason));
                    return new Settlement(LoginWrite.CountFailure(user.Id, attempt.Lockout),
                        settled => Decisions.AfterFirstFactorFailed(attempt, first.Reason, methodName, settled));
            }
            attempt.FirstFactorMethod = methodName;
            attempt.PassedFirstFactor = first;
            attempt.AcceptAttributes = client.PassUpstreamAttributes ? first.ReplyAttributes : NoAttributes;
            return null;
        }

        // A user who lost their phone appends a bypass code, longer than their default method's. Where the split falls is
        // decided by whether the last digits are one of their live bypass codes (a check that writes nothing), so the password
        // is still checked once: trying both splits would check, and count, two wrong passwords for one request.
        private static async Task<bool> EndsInBypassCodeAsync(LoginAttempt attempt, CancellationToken cancellationToken)
        {
            var typed = attempt.Response.Typed!;
            if (!(attempt.Methods.Named(BypassCodeMethod.MethodName) is { } bypass) || attempt.Methods.Default == bypass) return false;
            SplitAppendedCode(typed, BypassCodeSecret.Digits, out _, out var candidate);
            if (candidate == null) return false;
            return await bypass.VerifyAsync(CodeResponse.FromClear(candidate), attempt.MethodRequest(), cancellationToken).ConfigureAwait(false) != null;
        }

        // "password123456": the code is the last digits; a field too short or not ending in digits has no code.
        private static void SplitAppendedCode(byte[] typed, int digits, out byte[] password, out byte[]? code)
        {
            password = typed;
            code = null;
            if (typed.Length <= digits) return;
            for (int i = typed.Length - digits; i < typed.Length; i++) if (typed[i] < (byte)'0' || typed[i] > (byte)'9') return;
            password = new byte[typed.Length - digits];
            code = new byte[digits];
            Buffer.BlockCopy(typed, 0, password, 0, password.Length);
            Buffer.BlockCopy(typed, password.Length, code, 0, digits);
        }
    }
}
