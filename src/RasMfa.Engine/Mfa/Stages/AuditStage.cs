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
        private readonly ILoginStore _logins;
        private readonly ILogger _logger;
        private readonly UnwrittenAuditLog _unwrittenLog;

        public AuditStage(ILoginStore logins, ILogger logger, Func<DateTime>? clock = null)
        {
            _logins = logins;
            _logger = logger;
            _unwrittenLog = new UnwrittenAuditLog(logger, clock);
            Spool = new AuditSpool(logins, logger, _unwrittenLog);
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
                // The rest of the write committed, so the store takes writes: what waits in the spool may go in now.
                if (settled.AuditError != null) _unwrittenLog.Refused(settled.AuditError, record!, Spool.CountUnwritten());
                _ = Spool.StoreIsWritable();
            }
            catch (Exception e)
            {
                // The store took nothing, whatever the decision was: even one that needed only its audit record (a challenge,
                // a decoy, an unknown name's refusal) is answered as StoreUnavailableAnswer says, or the answers would differ
                // between a right password and a wrong one, or an enrolled user and an unknown name, while no failure is counted.
                return Unanswerable(attempt, e);
            }
            // The name and the reason carry what the client sent (and what a first factor said of it): escaped, never raw.
            _logger.LogInformation("{Result} {User} at {Client} ({Address}): {Reason}.", record!.Result, DisplayText.Escape(record.UserName), DisplayText.Escape(record.ClientName),
                record.ClientAddress, DisplayText.Escape(record.Reason));
            return verdict!;
        }

        // The decision's write (a code used up, a failure counted, or only its audit record) is not durable, so it must not
        // stand: an Accept could let the same code in twice, a Reject without its count would let guessing outrun the lockout,
        // and any answer that differed by the decision would be an oracle for guesses no one counts. Every login the store
        // cannot record gets what StoreUnavailableAnswer says, never an Accept; the audit record says which.
        private Verdict Unanswerable(LoginAttempt attempt, Exception e)
        {
            var silence = attempt.Settings.StoreUnavailableAnswer == StoreUnavailableAnswer.Silence;
            var verdict = Decisions.Reject(RejectCause.StoreUnavailable, attempt.User,
                detail: silence ? "the store could not record the decision in time; no answer sent" : "the store could not record the decision in time");
            Unwritten(e, Describe(attempt, verdict));
            if (silence) throw new AnswerWithheldException("the store could not record the decision in time", e);
            return verdict;
        }

        // Logged in full (within the log's rate), and kept to be written again.
        private void Unwritten(Exception e, AuthenticationRecord record) => Spool.Keep(record, _unwrittenLog.Kept(e, record, Spool.CountUnwritten()));

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
