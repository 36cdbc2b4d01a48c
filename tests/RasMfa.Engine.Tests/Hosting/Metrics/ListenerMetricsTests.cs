using System;
using System.IO;
using System.Linq;
using System.Text;
using System.Threading;
using RasMfa.Engine.Hosting;
using RasMfa.Engine.Hosting.Metrics;
using RasMfa.Engine.Radius;
using RasMfa.Engine.Radius.Server;
using Xunit;

namespace RasMfa.Engine.Tests.Hosting.Metrics
{
    /// <summary>What a scrape shows after the packet path reported to it: counts by result and reason, drops by reason, times.</summary>
    public sealed class ListenerMetricsTests
    {
        private static string Scrape(ListenerMetrics metrics)
        {
            using var output = new MemoryStream();
            metrics.WriteTextAsync(output, CancellationToken.None).GetAwaiter().GetResult();
            return Encoding.UTF8.GetString(output.ToArray());
        }

        private static double Sample(string text, string series)
        {
            var line = text.Split('\n').FirstOrDefault(l => l.StartsWith(series + " ", StringComparison.Ordinal));
            return line == null ? double.NaN : double.Parse(line.Substring(series.Length + 1), System.Globalization.CultureInfo.InvariantCulture);
        }

        [Fact]
        public void Decisions_are_counted_by_result_and_label_and_an_unlabeled_answer_still_counts()
        {
            var metrics = new ListenerMetrics(() => new ServerStatus());
            metrics.Answered(RadiusCode.AccessAccept, "code_accepted", 0.002);
            metrics.Answered(RadiusCode.AccessAccept, "code_accepted", 0.003);
            metrics.Answered(RadiusCode.AccessReject, "wrong_code", 0.004);
            metrics.Answered(RadiusCode.AccessChallenge, "code_requested", 0.001);
            metrics.Answered(RadiusCode.AccessReject, null, 20);

            var text = Scrape(metrics);
            Assert.Equal(2, Sample(text, "rasmfa_decisions_total{result=\"accept\",reason=\"code_accepted\"}"));
            Assert.Equal(1, Sample(text, "rasmfa_decisions_total{result=\"reject\",reason=\"wrong_code\"}"));
            Assert.Equal(1, Sample(text, "rasmfa_decisions_total{result=\"challenge\",reason=\"code_requested\"}"));
            Assert.Equal(1, Sample(text, "rasmfa_decisions_total{result=\"reject\",reason=\"unlabeled\"}"));
            Assert.Equal(5, Sample(text, "rasmfa_request_duration_seconds_count{stage=\"total\"}"));
            // 20 s is past the last bucket: counted, but only in +Inf.
            Assert.Equal(4, Sample(text, "rasmfa_request_duration_seconds_bucket{stage=\"total\",le=\"10\"}"));
            Assert.Equal(5, Sample(text, "rasmfa_request_duration_seconds_bucket{stage=\"total\",le=\"+Inf\"}"));
            Assert.Equal(1, Sample(text, "rasmfa_request_duration_seconds_bucket{stage=\"total\",le=\"0.001\"}"));
        }

        [Fact]
        public void Every_drop_reason_is_shown_from_zero_and_counted_under_its_own_name()
        {
            var metrics = new ListenerMetrics(() => new ServerStatus());
            metrics.Received();
            metrics.Received();
            metrics.Dropped(DropReason.UnknownClient);
            metrics.Dropped(DropReason.BadMessageAuthenticator);
            metrics.Dropped(DropReason.BadMessageAuthenticator);

            var text = Scrape(metrics);
            Assert.Equal(2, Sample(text, "rasmfa_requests_received_total"));
            Assert.Equal(1, Sample(text, "rasmfa_dropped_requests_total{reason=\"unknown_client\"}"));
            Assert.Equal(2, Sample(text, "rasmfa_dropped_requests_total{reason=\"bad_message_authenticator\"}"));
            foreach (DropReason reason in Enum.GetValues(typeof(DropReason)))
                Assert.False(double.IsNaN(Sample(text, $"rasmfa_dropped_requests_total{{reason=\"{MetricNames.SnakeCase(reason.ToString())}\"}}")), reason.ToString());
        }

        [Fact]
        public void Stage_times_and_first_factor_health_are_shown_by_configured_name()
        {
            var metrics = new ListenerMetrics(() => new ServerStatus());
            metrics.FirstFactorChecked("directory/corp", reachable: true, 0.03);
            metrics.FirstFactorChecked("upstream/nps1,nps2", reachable: false, 3);
            metrics.StoreWritten(0.0007);

            var text = Scrape(metrics);
            Assert.Equal(1, Sample(text, "rasmfa_first_factor_up{source=\"directory/corp\"}"));
            Assert.Equal(0, Sample(text, "rasmfa_first_factor_up{source=\"upstream/nps1,nps2\"}"));
            Assert.Equal(2, Sample(text, "rasmfa_request_duration_seconds_count{stage=\"first_factor\"}"));
            Assert.Equal(1, Sample(text, "rasmfa_request_duration_seconds_bucket{stage=\"store_write\",le=\"0.001\"}"));
        }
    }
}
