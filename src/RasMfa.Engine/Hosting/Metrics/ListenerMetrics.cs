using System;
using System.Collections.Concurrent;
using System.IO;
using System.Threading;
using System.Threading.Tasks;
using Prometheus;
using RasMfa.Engine.Mfa.Stages;
using RasMfa.Engine.Radius;
using RasMfa.Engine.Radius.Server;

namespace RasMfa.Engine.Hosting.Metrics
{
    /// <summary>
    /// The listener's Prometheus metrics, in a registry of its own (one per start, so a restart begins at zero). Every label
    /// comes from a fixed set (results, <see cref="DecisionLabels"/>, <see cref="DropReason"/>, stages) or from the
    /// configuration (first-factor names): never a user name or a request value, so the series stay bounded.
    /// </summary>
    public sealed class ListenerMetrics : IRequestMetrics, IStageTimings
    {
        /// <summary>0.5 ms to 10 s: a cached answer takes well under a millisecond, a directory bind or upstream round trip up to seconds.</summary>
        public static readonly double[] LatencyBuckets = { 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10 };

        private static readonly DropReason[] DropReasons = (DropReason[])Enum.GetValues(typeof(DropReason));

        private readonly CollectorRegistry _registry = Prometheus.Metrics.NewCustomRegistry();
        private readonly Counter _received;
        private readonly Counter _decisions;
        private readonly Counter.Child[] _dropped;
        private readonly Histogram.Child _firstFactorSeconds, _storeWriteSeconds, _totalSeconds;
        private readonly Gauge _firstFactorUp;
        private readonly ConcurrentDictionary<string, Counter.Child> _accepts = new ConcurrentDictionary<string, Counter.Child>(StringComparer.Ordinal);
        private readonly ConcurrentDictionary<string, Counter.Child> _rejects = new ConcurrentDictionary<string, Counter.Child>(StringComparer.Ordinal);
        private readonly ConcurrentDictionary<string, Counter.Child> _challenges = new ConcurrentDictionary<string, Counter.Child>(StringComparer.Ordinal);

        public ListenerMetrics(Func<ServerStatus> status)
        {
            var factory = Prometheus.Metrics.WithCustomRegistry(_registry);
            _received = factory.CreateCounter("rasmfa_requests_received_total", "Datagrams read from the RADIUS sockets, before any check.");
            _decisions = factory.CreateCounter("rasmfa_decisions_total", "Access-Requests answered, by result (accept, reject, challenge) and reason.",
                new CounterConfiguration { LabelNames = new[] { "result", "reason" } });
            var dropped = factory.CreateCounter("rasmfa_dropped_requests_total", "Datagrams discarded without an answer, by reason.",
                new CounterConfiguration { LabelNames = new[] { "reason" } });
            _dropped = Array.ConvertAll(DropReasons, reason => dropped.WithLabels(MetricNames.SnakeCase(reason.ToString())));
            var stages = factory.CreateHistogram("rasmfa_request_duration_seconds",
                "Time per stage of an Access-Request: first_factor (directory bind or upstream round trip), store_write (the decision's durable write), total (receipt to answer).",
                new HistogramConfiguration { Buckets = LatencyBuckets, LabelNames = new[] { "stage" } });
            _firstFactorSeconds = stages.WithLabels("first_factor");
            _storeWriteSeconds = stages.WithLabels("store_write");
            _totalSeconds = stages.WithLabels("total");
            _firstFactorUp = factory.CreateGauge("rasmfa_first_factor_up",
                "1 when the first factor (directory or upstream servers, by configured name) answered its last check, 0 when it was unavailable.",
                new GaugeConfiguration { LabelNames = new[] { "source" } });

            var pending = factory.CreateGauge("rasmfa_pending_challenges", "Challenges open in the store, over all clients and servers.");
            var inFlight = factory.CreateGauge("rasmfa_requests_in_flight", "Access-Requests being decided now.");
            var storeUnavailable = factory.CreateCounter("rasmfa_store_unavailable_logins_total", "Logins answered as StoreUnavailableAnswer says because the store could not be read or written in time.");
            var auditUnwritten = factory.CreateCounter("rasmfa_audit_records_not_written_total", "Audit records the store could not take in time.");
            var elsewhere = factory.CreateCounter("rasmfa_decided_elsewhere_total", "Requests answered as another server on the store had decided them.");
            var takenOver = factory.CreateCounter("rasmfa_claims_taken_over_total", "Requests another server claimed and left unanswered, decided here.");
            var kernelDrops = factory.CreateCounter("rasmfa_kernel_dropped_datagrams_total", "Datagrams the operating system discarded, the receive buffer full (Linux only).");
            var clockOffset = factory.CreateGauge("rasmfa_store_clock_offset_seconds", "The store's clock minus this machine's, as last measured.");
            // Values the listener counts already: read at scrape time, so the request path pays nothing for them.
            _registry.AddBeforeCollectCallback(() =>
            {
                var now = status();
                if (!now.Running) return;
                pending.Set(now.PendingChallenges);
                inFlight.Set(now.RequestsInFlight);
                storeUnavailable.IncTo(now.StoreUnavailableLogins);
                auditUnwritten.IncTo(now.AuditRecordsNotWritten);
                elsewhere.IncTo(now.DecidedElsewhere);
                takenOver.IncTo(now.ClaimsTakenOver);
                if (now.KernelDrops is long kernel) kernelDrops.IncTo(kernel);
                if (now.StoreClockOffset is TimeSpan offset) clockOffset.Set(offset.TotalSeconds);
            });
        }

        public void Received() => _received.Inc();

        public void Dropped(DropReason reason) => _dropped[(int)reason].Inc();

        public void Answered(RadiusCode code, string? label, double seconds)
        {
            var byReason = code == RadiusCode.AccessAccept ? _accepts : code == RadiusCode.AccessChallenge ? _challenges : _rejects;
            var reason = label ?? DecisionLabels.Unlabeled;
            // One child per (result, reason), made once: the label set is fixed, so the dictionaries stay small.
            if (!byReason.TryGetValue(reason, out var counter))
                counter = byReason.GetOrAdd(reason, r => _decisions.WithLabels(MetricNames.Result(code), r));
            counter.Inc();
            _totalSeconds.Observe(seconds);
        }

        public void FirstFactorChecked(string source, bool reachable, double seconds)
        {
            _firstFactorSeconds.Observe(seconds);
            _firstFactorUp.WithLabels(source).Set(reachable ? 1 : 0);
        }

        public void StoreWritten(double seconds) => _storeWriteSeconds.Observe(seconds);

        /// <summary>The Prometheus text exposition (format 0.0.4) of every metric.</summary>
        public Task WriteTextAsync(Stream output, CancellationToken cancellationToken) => _registry.CollectAndExportAsTextAsync(output, cancellationToken);
    }
}
