using System;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.Logging;
using RasMfa.Engine.Clients;
using RasMfa.Engine.Configuration;
using RasMfa.Engine.Delivery;
using RasMfa.Engine.Mfa.OutOfBand;
using RasMfa.Engine.FirstFactors;
using RasMfa.Engine.Mfa.Methods;
using RasMfa.Engine.Mfa.Stages;
using RasMfa.Engine.Radius.Server;

namespace RasMfa.Engine.Mfa
{
    /// <summary>
    /// The request path, as stages: refuse malformed names and passwords → refuse a keyword whose method cannot start at this client → identify the client's challenge and the user → the directory account the name is, where the
    /// first factor can tell before the password → refuse → claim the request among the servers sharing the store → reserve the
    /// attempt → first factor → the account the first factor names → user match
    /// → second-factor method; the first stage that settles the login hands it to decide-and-audit (one durable write),
    /// and the verdict becomes the answer, recorded with it under the request's key, so that every server sharing the store
    /// sends the same answer to the same request. The client learns only Accept, Reject or Challenge; the audit log learns why.
    /// </summary>
    public sealed class MfaRequestHandler : IAccessRequestHandler, IOpenChallengeLookup
    {
        private readonly ChallengeStore _challenges;
        private readonly Func<MfaSettings> _settings;
        private readonly Func<DateTime> _clock;
        private readonly ILoginStage[] _stages;
        private readonly AuditStage _audit;

        public MfaRequestHandler(ILoginStore logins, Func<MfaSettings> settings, ChallengeStore challenges, ILogger logger, Func<DateTime>? clock = null,
            Func<RadiusClientDefinition, IFirstFactorChecker?>? firstFactorFor = null, Func<LoginSubject?, UserMethods>? methodsOf = null, string? serverId = null,
            IStageTimings? timings = null, IDeliveryChannels? deliveryChannels = null, ISendLimits? sendLimits = null, IPushMethod? push = null)
        {
            // The channels a code goes out by (none: every out-of-band method unavailable, as in a store with none configured).
            var channels = deliveryChannels ?? ConfiguredDeliveryChannels.None;
            methodsOf ??= subject => UserMethods.Of(subject, channels, sendLimits, push);
            _challenges = challenges;
            _settings = settings;
            _clock = clock ?? (() => DateTime.UtcNow);
            ServerId = serverId ?? ServerIds.New();
            var checkerFor = firstFactorFor ?? (_ => null);
            GiveBacks = new ReservationGiveBacks(logins, logger);
            var unreadable = new UnreadableRowLog(logger, TimeSpan.FromSeconds(10));
            _stages = new ILoginStage[]
            {
                new MalformedInputStage(),
                new KeywordStage(channels, push),
                new IdentifyStage(logins, challenges, methodsOf),
                new IdentifyAccountStage(logins, checkerFor, methodsOf),
                new RefuseStage(),
                new ClaimStage(logins, ServerId, _clock, Cluster, logger, unreadable),
                new ReserveAttemptStage(logins, GiveBacks),
                new FirstFactorStage(checkerFor, timings, new FirstFactorHealthLog(logger)),
                new AccountMatchStage(logins, methodsOf),
                new UserMatchStage(),
                new SecondFactorStage(),
            };
            _audit = new AuditStage(logins, logger, _clock, GiveBacks, ServerId, Cluster, challenges, unreadable, timings);
            Outage = _audit.Outage;
        }

        /// <summary>This listener's id on the store, new at every start: whose claims are whose.</summary>
        public string ServerId { get; }

        /// <summary>Answers taken from other servers sharing the store, and their claims taken over.</summary>
        public ClusterCounters Cluster { get; } = new ClusterCounters();

        /// <summary>Audit records the store could not take, counted and kept to be written again.</summary>
        public AuditSpool UnwrittenAudit => _audit.Spool;

        /// <summary>Logins answered as the store unavailable (StoreUnavailableAnswer), counted.</summary>
        public StoreOutage Outage { get; }

        /// <summary>Reserved password attempts whose login could not be recorded, waiting to be given back.</summary>
        public ReservationGiveBacks GiveBacks { get; }

        public async Task<AccessDecision> DecideAsync(AccessRequestContext context, CancellationToken cancellationToken)
        {
            var attempt = new LoginAttempt(context, _settings(), _clock());
            var refusal = Admission(attempt);
            if (refusal != null) return refusal;
            try
            {
                return await DecideAsync(attempt, cancellationToken).ConfigureAwait(false);
            }
            finally
            {
                // Decided (or failed): this server's claim on the request needs no more renewing.
                attempt.ClaimRenewal?.Dispose();
            }
        }

        private async Task<AccessDecision> DecideAsync(LoginAttempt attempt, CancellationToken cancellationToken)
        {
            Settlement? settlement = null;
            try
            {
                foreach (var stage in _stages)
                {
                    settlement = await stage.RunAsync(attempt, cancellationToken).ConfigureAwait(false);
                    if (settlement != null) break;
                }
            }
            catch (Exception e) when (StoreOutage.IsUnavailable(e))
            {
                // A read the store could not serve (the user, the challenge, the account's names; its server gone): answered as
                // a login whose write failed, never as a fault; a reservation made before it is given back as such a login's.
                settlement = Settlement.Unread(e);
            }
            catch (Exception)
            {
                // No write will settle the reservation: no wrong password was found (a wrong one ends the stages with a
                // settlement), so it is given back once the store takes writes, or the failure would stand for nothing.
                if (attempt.Reservation != null)
                {
                    GiveBacks.Keep(attempt.Reservation);
                    _ = GiveBacks.GiveBackAsync();
                }
                throw;
            }
            // The second-factor stage always settles; reaching here without a settlement is a bug in a stage.
            if (settlement == null) throw new InvalidOperationException("No stage decided the login.");
            if (settlement.Answered != null)
            {
                settlement.Answered.Label = DecisionLabels.DecidedElsewhere;
                return settlement.Answered;
            }
            if (attempt.Reservation != null)
                settlement = settlement.SettlingReservation(attempt.Reservation, attempt.User?.Id ?? attempt.Reservation.UserId, ineligible => Decisions.Refused(ineligible, attempt.User!, attempt.FirstFactorMethod ?? "first factor"));
            // A withheld answer (the store took nothing) changes nothing in the store: the client's retransmission finds its
            // challenge (a decoy's too, or the difference would tell the name) as this request found it.
            var answer = await _audit.SettleAsync(attempt, settlement).ConfigureAwait(false);
            var decision = answer.ToDecision();
            decision.Label = attempt.DecisionLabel;
            return decision;
        }

        /// <summary>
        /// Whether a State names a challenge open for this client, as far as this listener knows (one it opened or read
        /// recently): never a store read, since the listener asks only of requests its in-flight cap has refused.
        /// </summary>
        public bool IsKnownOpen(byte[] state, string clientName) => _challenges.IsKnownOpen(state, clientName);

        /// <summary>
        /// Before any work, for a first round that would open a challenge: refused, with no answer, when the request is not
        /// signed and asks for a code with nothing typed (anyone able to send from the client's address could forge it: no
        /// secret goes into it), or when the caps on open challenges are reached. Second rounds always go on.
        /// </summary>
        private AccessDecision? Admission(LoginAttempt attempt)
        {
            if (attempt.State != null) return null;
            if (attempt.AsksForCode && !attempt.Context.MessageAuthenticated)
            {
                return AccessDecision.Discard(DropReason.UnsignedChallengeRequest,
                    $"client {attempt.Client.Name}: a request with no password opens a challenge only with a valid Message-Authenticator");
            }
            bool opensChallenge = attempt.AsksForCode || attempt.Keyword != null || (attempt.ChecksFirstFactor && attempt.Client.OtpMode == OtpMode.Challenge);
            if (!opensChallenge) return null;
            var room = _challenges.RoomFor(attempt.Client.Name);
            return room == ChallengeRoom.Available ? null : CapReached(attempt, room);
        }

        private static AccessDecision CapReached(LoginAttempt attempt, ChallengeRoom room) => room == ChallengeRoom.AllFull
            ? AccessDecision.Discard(DropReason.ChallengeLimitTotal, $"MaxPendingChallenges ({attempt.Settings.MaxPendingChallenges}) open challenges")
            : AccessDecision.Discard(DropReason.ChallengeLimitPerClient,
                $"client {attempt.Client.Name} holds MaxPendingChallengesPerClient ({attempt.Settings.MaxPendingChallengesPerClient}) open challenges");
    }
}
