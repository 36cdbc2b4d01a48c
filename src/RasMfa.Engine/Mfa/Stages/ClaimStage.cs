using System;
using System.Diagnostics;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.Logging;
using RasMfa.Engine.Logging;
using RasMfa.Engine.Radius.Server;

namespace RasMfa.Engine.Mfa.Stages
{
    /// <summary>
    /// Before a domain password is checked (a directory bind, or an upstream RADIUS server such as NPS), the request's key
    /// is claimed in the store, in a write of its own, so that of the servers of a RAS active-active pair, which all
    /// receive the same request, one checks it: a directory would count a wrong password twice, and lock the account
    /// sooner. A server that finds the key claimed by another waits for that server's answer (reading the store every
    /// <see cref="PollInterval"/>, up to DuplicateWaitSeconds) and sends it; a claim left unanswered for DuplicateWaitSeconds
    /// (its server stopped or died) is taken over, so the login is not lost; the claiming server renews its claim while its first
    /// factor runs (<see cref="ClaimRenewal"/>), so a slow directory does not look like a dead server. A request that sends a code out of
    /// band (a keyword, an empty password that starts the default method) is claimed too, so that one SMS goes out, not one per
    /// server. Requests that check no password here and send nothing (a code, a second round) claim nothing: no side effect
    /// outside the store comes before their write, which decides them once.
    /// </summary>
    public sealed class ClaimStage : ILoginStage
    {
        public static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(100);
        private readonly ILoginStore _logins;
        private readonly string _serverId;
        private readonly Func<DateTime> _clock;
        private readonly ClusterCounters _cluster;
        private readonly ILogger _logger;
        private readonly UnreadableRowLog _unreadable;

        public ClaimStage(ILoginStore logins, string serverId, Func<DateTime> clock, ClusterCounters cluster, ILogger logger, UnreadableRowLog unreadable)
        {
            _unreadable = unreadable;
            _logins = logins;
            _serverId = serverId;
            _clock = clock;
            _cluster = cluster;
            _logger = logger;
        }

        public async Task<Settlement?> RunAsync(LoginAttempt attempt, CancellationToken cancellationToken)
        {
            if (!attempt.ClaimsRequest) return null;
            var lease = TimeSpan.FromSeconds(attempt.Settings.DuplicateWaitSeconds);
            // One poll past the lease, so that the last look finds a claim made before this request came past its lease too.
            var waitFor = lease + PollInterval;
            var waited = Stopwatch.StartNew();
            RequestDecision held;
            try
            {
                held = await _logins.ClaimAsync(new DecidedRequest(attempt.RequestKey, _serverId, attempt.NowUtc), lease).ConfigureAwait(false);
                while (held.Answer == null && !held.IsClaimedBy(_serverId))
                {
                    if (waited.Elapsed >= waitFor)
                    {
                        // Still claimed (its server is alive and renews the claim while its first factor runs): no answer. RAS
                        // sends the request again, and finds the answer kept, or, if that server died, takes its claim over.
                        return await Settlement.Answer(AccessDecision.Discard(DropReason.AnswerAwaitedElsewhere,
                            $"client {attempt.Client.Name}: another server on the store claimed this request and has not answered within DuplicateWaitSeconds ({attempt.Settings.DuplicateWaitSeconds})")).ConfigureAwait(false);
                    }
                    await Task.Delay(PollInterval, cancellationToken).ConfigureAwait(false);
                    var now = _clock();
                    var read = _logins.FindDecision(attempt.RequestKey);
                    // A claim timed ahead of this server's clock is fresh: only a claim the lease has passed is taken over.
                    bool unanswered = read == null || (read.Answer == null && now - read.ClaimedUtc >= lease);
                    if (!unanswered)
                    {
                        held = read!;
                        continue;
                    }
                    held = await _logins.ClaimAsync(new DecidedRequest(attempt.RequestKey, _serverId, now), lease).ConfigureAwait(false);
                }
                if (held.TakenOverFrom != null) TookOver(attempt, held.TakenOverFrom);
                if (held.Answer == null) attempt.ClaimRenewal = ClaimRenewal.Start(_logins, attempt.RequestKey, _serverId, _clock, lease);
            }
            catch (Exception e) when (!(e is OperationCanceledException))
            {
                // Not claimed, so not checked: answered as any login the store cannot record (StoreUnavailableAnswer).
                return Settlement.Unrecorded(e);
            }
            if (held.Answer == null) return null;
            _cluster.CountDecidedElsewhere();
            if (held.Answer.Unreadable != null) _unreadable.Unreadable("request_decision", held.Answer.Unreadable, "the request is rejected");
            return await Settlement.Answer(held.Answer.ToDecision()).ConfigureAwait(false);
        }

        private void TookOver(LoginAttempt attempt, string from)
        {
            _cluster.CountClaimTakenOver();
            LoginLog.ClaimTakenOver(_logger, attempt.Client.Name, from);
        }
    }
}
