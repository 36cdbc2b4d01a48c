using System;
using System.Threading.Tasks;
using Microsoft.Extensions.Logging;
using RasMfa.Engine.Audit;

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
        }

        public async Task<Verdict> SettleAsync(LoginAttempt attempt, Settlement settlement)
        {
            Verdict? verdict = null;
            AuthenticationRecord? record = null;
            try
            {
                var settled = await _logins.SettleAsync(settlement.Write, result =>
                {
                    verdict = settlement.Decide(result);
                    return record = Describe(attempt, verdict);
                }).ConfigureAwait(false);
                if (settled.AuditError != null) LogAuditFailure(settled.AuditError, record!);
            }
            catch (Exception e) when (settlement.Write == LoginWrite.AuditOnly)
            {
                // Only the record is lost: the answer still goes out, since a locked-out office is worse.
                verdict = settlement.Decide(NothingWritten);
                record = Describe(attempt, verdict);
                LogAuditFailure(e, record);
            }
            // The name and the reason carry what the client sent (and what a first factor said of it): escaped, never raw.
            _logger.LogInformation("{Result} {User} at {Client} ({Address}): {Reason}.", record!.Result, DisplayText.Escape(record.UserName), DisplayText.Escape(record.ClientName),
                record.ClientAddress, DisplayText.Escape(record.Reason));
            return verdict!;
        }

        private void LogAuditFailure(Exception e, AuthenticationRecord record) =>
            _logger.LogError(e, "Writing the audit record ({Result} for {User} at {Client}: {Reason}) failed.", record.Result,
                DisplayText.Escape(record.UserName), DisplayText.Escape(record.ClientName), DisplayText.Escape(record.Reason));

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
