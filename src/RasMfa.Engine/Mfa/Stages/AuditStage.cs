using System;
using System.Threading.Tasks;
using Microsoft.Extensions.Logging;
using RasMfa.Engine.Audit;
using RasMfa.Engine.Configuration;
using RasMfa.Engine.Radius.Server;

namespace RasMfa.Engine.Mfa.Stages
{
    /// <summary>
    /// Decide and audit, as one durable write: the settlement's write (code used, failure counted) and the audit record
    /// of the verdict that follows from it commit together, in the login store's group commit. Every decision passes here.
    /// </summary>
    public sealed class AuditStage
    {
        private static readonly LoginSettlement NothingWritten = new LoginSettlement(false, null);
        private readonly ILoginStore _logins;
        private readonly ILogger _logger;

        public AuditStage(ILoginStore logins, ILogger logger)
        {
            _logins = logins;
            _logger = logger;
            Spool = new AuditSpool(logins, logger);
        }

        /// <summary>Audit records the store could not take: counted, and kept to be written again.</summary>
        public AuditSpool Spool { get; }

        public async Task<Verdict> SettleAsync(LoginAttempt attempt, Settlement settlement)
        {
            if (settlement.StoreFailure != null) return Unanswerable(attempt, settlement.StoreFailure);
            Verdict? verdict = null;
            AuthenticationRecord? record = null;
            try
            {
                var settled = await _logins.SettleAsync(settlement.Write, result =>
                {
                    verdict = settlement.Decide(result);
                    return record = Describe(attempt, verdict);
                }).ConfigureAwait(false);
                if (settled.AuditError != null) LogUnwritten(settled.AuditError, record!);
                else Spool.StoreIsWritable();
            }
            catch (Exception e) when (settlement.Write == LoginWrite.AuditOnly)
            {
                // Only the record is lost: the answer needs nothing durable and still goes out, since a locked-out office is worse.
                verdict = settlement.Decide(NothingWritten);
                record = Describe(attempt, verdict);
                Unwritten(e, record);
            }
            catch (Exception e)
            {
                return Unanswerable(attempt, e);
            }
            // The name and the reason carry what the client sent (and what a first factor said of it): escaped, never raw.
            _logger.LogInformation("{Result} {User} at {Client} ({Address}): {Reason}.", record!.Result, DisplayText.Escape(record.UserName), DisplayText.Escape(record.ClientName),
                record.ClientAddress, DisplayText.Escape(record.Reason));
            return verdict!;
        }

        // The decision's own write (a code used up, a failure counted) is not durable, so it must not stand: an Accept could
        // let the same code in twice, a Reject without its count would let guessing outrun the lockout. The client gets what
        // StoreUnavailableAnswer says, never an Accept; the audit record says which.
        private Verdict Unanswerable(LoginAttempt attempt, Exception e)
        {
            var silence = attempt.Settings.StoreUnavailableAnswer == StoreUnavailableAnswer.Silence;
            var verdict = Decisions.Reject(RejectCause.StoreUnavailable, attempt.User,
                detail: silence ? "the store could not record the decision in time; no answer sent" : "the store could not record the decision in time");
            Unwritten(e, Describe(attempt, verdict));
            if (silence) throw new AnswerWithheldException("the store could not record the decision in time", e);
            return verdict;
        }

        private void Unwritten(Exception e, AuthenticationRecord record)
        {
            LogUnwritten(e, record);
            Spool.Keep(record);
        }

        // Every field of the record, so that the log holds it whatever becomes of the spool; none of them is a secret.
        private void LogUnwritten(Exception e, AuthenticationRecord record) =>
            _logger.LogError(e, "Audit record not written ({Unwritten} so far): {Time} {Result} {User} at {Client} ({Address}) by {Method} in {Milliseconds} ms: {Reason}.",
                Spool.Unwritten + 1, record.TimeUtc.ToString("o", System.Globalization.CultureInfo.InvariantCulture), record.Result, DisplayText.Escape(record.UserName),
                DisplayText.Escape(record.ClientName), record.ClientAddress, DisplayText.Escape(record.Method), record.Milliseconds, DisplayText.Escape(record.Reason));

        public static AuthenticationRecord Describe(LoginAttempt attempt, Verdict verdict) =>
            new AuthenticationRecord
            {
                ClientName = attempt.Client.Name,
                ClientAddress = attempt.Context.Source.Address.ToString(),
                UserName = verdict.UserName ?? attempt.RequestedName,
                Result = verdict.Kind.ToString(),
                Reason = verdict.Reason,
                Method = verdict.Method ?? attempt.Response.Encoding,
                Milliseconds = Math.Round(attempt.Context.Elapsed.TotalMilliseconds, 3),
            };
    }
}
