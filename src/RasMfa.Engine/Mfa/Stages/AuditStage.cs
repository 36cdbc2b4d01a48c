using System;
using System.Threading.Tasks;
using Microsoft.Extensions.Logging;
using RasMfa.Engine.Audit;
using RasMfa.Engine.Configuration;
using RasMfa.Engine.Logging;
using RasMfa.Engine.Radius.Server;

namespace RasMfa.Engine.Mfa.Stages
{
    /// <summary>
    /// Decide and audit, as one durable write: the settlement's write (code used, failure counted) and the audit record
    /// of the verdict that follows from it commit together, in the login store's group commit, with the answer it makes
    /// (a challenge's too), recorded under the request's key. Every decision passes here; when another server sharing the
    /// store has answered the same request already, its answer is this one's, and nothing else is written.
    /// </summary>
    public sealed class AuditStage
    {
        private readonly ILoginStore _logins;
        private readonly ILogger _logger;
        private readonly UnwrittenAuditLog _unwrittenLog;
        private readonly ReservationGiveBacks _giveBacks;
        private readonly string _serverId;
        private readonly ClusterCounters _cluster;
        private readonly ChallengeStore? _challenges;
        private readonly Func<DateTime> _clock;
        private readonly UnreadableRowLog _unreadable;
        private readonly IStageTimings _timings;

        public AuditStage(ILoginStore logins, ILogger logger, Func<DateTime>? clock = null, ReservationGiveBacks? giveBacks = null, string? serverId = null,
            ClusterCounters? cluster = null, ChallengeStore? challenges = null, UnreadableRowLog? unreadable = null, IStageTimings? timings = null)
        {
            _timings = timings ?? StageTimings.None;
            _clock = clock ?? (() => DateTime.UtcNow);
            _unreadable = unreadable ?? new UnreadableRowLog(logger, TimeSpan.FromSeconds(10));
            _challenges = challenges;
            _logins = logins;
            _serverId = serverId ?? ServerIds.New();
            _cluster = cluster ?? new ClusterCounters();
            _logger = logger;
            _giveBacks = giveBacks ?? new ReservationGiveBacks(logins, logger);
            _unwrittenLog = new UnwrittenAuditLog(logger, clock);
            Spool = new AuditSpool(logins, logger, _unwrittenLog);
            Outage = new StoreOutage(logger, clock);
        }

        /// <summary>Logins answered as the store unavailable: counted, the outage's start and end logged.</summary>
        public StoreOutage Outage { get; }

        /// <summary>Audit records the store could not take: counted, and kept to be written again.</summary>
        public AuditSpool Spool { get; }

        /// <summary>The answer to send: this login's, recorded with its decision, or the one another server recorded for the same request.</summary>
        public async Task<RecordedAnswer> SettleAsync(LoginAttempt attempt, Settlement settlement)
        {
            // The decision's record id, made before the write: the record the write holds and the one kept when its outcome is
            // unknown (the commit may have gone in) are one record, stored once.
            var recordId = AuthenticationRecord.NewRecordId();
            if (settlement.StoreFailure != null) return await UnanswerableAsync(attempt, settlement, settlement.StoreFailure, recordId).ConfigureAwait(false);
            // Made before the write, so that the challenge and the answer that names it are stored in it.
            var newState = ChallengeStore.NewState();
            var request = new DecidedRequest(attempt.RequestKey, _serverId, attempt.NowUtc, attempt.FoundChallenge != null ? attempt.State : null, _clock);
            LoginRecord? record = null;
            long writeStarted = System.Diagnostics.Stopwatch.GetTimestamp();
            try
            {
                var settled = await _logins.SettleAsync(settlement.Write, request, result =>
                {
                    var verdict = result.StateSpentElsewhere ? Decisions.Reject(RejectCause.UnknownState) : settlement.Decide(result);
                    attempt.DecisionLabel = verdict.Label;
                    return record = ReplyStage.Record(attempt, verdict, newState, Describe(attempt, verdict, _clock(), recordId));
                }).ConfigureAwait(false);
                _timings.StoreWritten(StageTimings.SecondsSince(writeStarted));
                // The rest of the write committed, so the store takes writes: what waits in the spool may go in now.
                _ = Spool.StoreIsWritable();
                _ = _giveBacks.GiveBackAsync();
                Outage.Usable();
                if (settled.DecidedElsewhere is { } elsewhere)
                {
                    _cluster.CountDecidedElsewhere();
                    attempt.DecisionLabel = DecisionLabels.DecidedElsewhere;
                    if (elsewhere.Unreadable != null) _unreadable.Unreadable("request_decision", elsewhere.Unreadable, "the request is rejected");
                    LoginLog.DecidedElsewhere(_logger, attempt.RequestedName, attempt.Client.Name);
                    return elsewhere;
                }
                if (record!.Opens != null) _challenges?.Opened(record.Opens);
                if (request.SpendsState != null) _challenges?.Spent(request.SpendsState);
                if (settled.AuditError != null) _unwrittenLog.Refused(settled.AuditError, record!.Audit, Spool.CountUnwritten());
            }
            catch (Exception e)
            {
                _timings.StoreWritten(StageTimings.SecondsSince(writeStarted));
                // The store took nothing, whatever the decision was: even one that needed only its audit record (a challenge,
                // a decoy, an unknown name's refusal) is answered as StoreUnavailableAnswer says, or the answers would differ
                // between a right password and a wrong one, or an enrolled user and an unknown name, while no failure is counted.
                return await UnanswerableAsync(attempt, settlement, e, recordId).ConfigureAwait(false);
            }
            // The name and the reason carry what the client sent (and what a first factor said of it): escaped, never raw.
            var audit = record!.Audit;
            LoginLog.Decided(_logger, audit);
            return record.Answer;
        }

        // The decision's write (a code used up, a failure counted, or only its audit record) is not durable, so it must not
        // stand: an Accept could let the same code in twice, a Reject without its count would let guessing outrun the lockout,
        // and any answer that differed by the decision would be an oracle for guesses no one counts. Every login the store
        // cannot record gets what StoreUnavailableAnswer says, never an Accept; the audit record says which.
        // A reserved attempt the write would have given back (a right password, or one not checked) is given back on its own
        // (the store may take that smaller write; one such try at a time), else when the store takes writes again:
        // answered by silence, the client sends again, and each send reserves anew.
        private async Task<RecordedAnswer> UnanswerableAsync(LoginAttempt attempt, Settlement settlement, Exception e, string recordId)
        {
            if (_giveBacks.KeepUnsettled(settlement.Write)) await _giveBacks.GiveBackAsync().ConfigureAwait(false);
            var answer = attempt.Settings.StoreUnavailableAnswer;
            bool silence = answer == StoreUnavailableAnswer.Silence;
            var why = settlement.StoreFailedToRead ? "the store could not be read" : "the store could not record the decision in time";
            var verdict = Decisions.Reject(RejectCause.StoreUnavailable, attempt.User, detail: silence ? why + "; no answer sent" : why);
            attempt.DecisionLabel = verdict.Label;
            Outage.Answered(e, answer);
            Unwritten(e, Describe(attempt, verdict, _clock(), recordId));
            if (silence) throw new AnswerWithheldException(why, e);
            return RecordedAnswer.Reject();
        }

        // Logged in full (within the log's rate), and kept to be written again.
        private void Unwritten(Exception e, AuthenticationRecord record) => Spool.Keep(record, _unwrittenLog.Kept(e, record, Spool.CountUnwritten()));

        /// <summary>
        /// The audit record of <paramref name="verdict"/>, stamped <paramref name="timeUtc"/>: the listener's clock, which is the
        /// store's (Hosting/StoreClock), so that the records of servers sharing a store sort as the decisions were made; its id
        /// <paramref name="recordId"/> when the decision has one already (a record kept for a write whose outcome is unknown).
        /// </summary>
        public static AuthenticationRecord Describe(LoginAttempt attempt, Verdict verdict, DateTime timeUtc, string? recordId = null) =>
            new AuthenticationRecord
            {
                RecordId = recordId ?? AuthenticationRecord.NewRecordId(),
                TimeUtc = timeUtc,
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
