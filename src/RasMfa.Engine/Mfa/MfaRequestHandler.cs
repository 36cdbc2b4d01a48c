using System;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.Logging;
using RasMfa.Engine.Clients;
using RasMfa.Engine.Configuration;
using RasMfa.Engine.FirstFactors;
using RasMfa.Engine.Mfa.Methods;
using RasMfa.Engine.Mfa.Stages;
using RasMfa.Engine.Radius.Server;

namespace RasMfa.Engine.Mfa
{
    /// <summary>
    /// The request path, as stages: refuse malformed names and passwords → identify the client's challenge and the user → refuse → first factor → the
    /// account the first factor names → user match
    /// → second-factor method; the first stage that settles the login hands it to decide-and-audit (one durable write),
    /// and the verdict becomes the answer. The client learns only Accept, Reject or Challenge; the audit log learns why.
    /// </summary>
    public sealed class MfaRequestHandler : IAccessRequestHandler
    {
        private readonly Func<MfaSettings> _settings;
        private readonly Func<DateTime> _clock;
        private readonly ILoginStage[] _stages;
        private readonly AuditStage _audit;
        private readonly ReplyStage _reply;

        public MfaRequestHandler(ILoginStore logins, Func<MfaSettings> settings, ChallengeStore challenges, ILogger logger, Func<DateTime>? clock = null,
            Func<RadiusClientDefinition, IFirstFactorChecker?>? firstFactorFor = null, Func<LoginSubject?, UserMethods>? methodsOf = null)
        {
            _settings = settings;
            _clock = clock ?? (() => DateTime.UtcNow);
            _stages = new ILoginStage[]
            {
                new MalformedInputStage(),
                new IdentifyStage(logins, challenges, methodsOf),
                new RefuseStage(),
                new FirstFactorStage(firstFactorFor ?? (_ => null)),
                new AccountMatchStage(logins, methodsOf),
                new UserMatchStage(),
                new SecondFactorStage(),
            };
            _audit = new AuditStage(logins, logger);
            _reply = new ReplyStage(challenges);
        }

        /// <summary>Audit records the store could not take, counted and kept to be written again.</summary>
        public AuditSpool UnwrittenAudit => _audit.Spool;

        public async Task<AccessDecision> DecideAsync(AccessRequestContext context, CancellationToken cancellationToken)
        {
            var attempt = new LoginAttempt(context, _settings(), _clock());
            Settlement? settlement = null;
            foreach (var stage in _stages)
            {
                settlement = await stage.RunAsync(attempt, cancellationToken).ConfigureAwait(false);
                if (settlement != null) break;
            }
            // The second-factor stage always settles; reaching here without a settlement is a bug in a stage.
            if (settlement == null) throw new InvalidOperationException("No stage decided the login.");
            var verdict = await _audit.SettleAsync(attempt, settlement).ConfigureAwait(false);
            return _reply.Answer(attempt, verdict);
        }
    }
}
