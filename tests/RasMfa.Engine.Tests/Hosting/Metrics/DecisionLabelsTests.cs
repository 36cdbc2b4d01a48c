using System;
using System.Linq;
using System.Text.RegularExpressions;
using RasMfa.Engine.Mfa.Stages;
using Xunit;

namespace RasMfa.Engine.Tests.Hosting.Metrics
{
    /// <summary>The reasons a scraper sees: a fixed, distinct set of Prometheus-style label values, one per refusal cause.</summary>
    public sealed class DecisionLabelsTests
    {
        [Fact]
        public void Every_label_is_lower_snake_case_and_distinct()
        {
            Assert.All(DecisionLabels.All, label => Assert.Matches(new Regex("^[a-z][a-z_]*[a-z]$"), label));
            Assert.Equal(DecisionLabels.All.Count, DecisionLabels.All.Distinct(StringComparer.Ordinal).Count());
        }

        [Fact]
        public void Each_refusal_cause_has_its_own_label_in_the_set()
        {
            var causes = (RejectCause[])Enum.GetValues(typeof(RejectCause));
            var labels = causes.Select(DecisionLabels.For).ToList();
            Assert.Equal(causes.Length, labels.Distinct(StringComparer.Ordinal).Count());
            Assert.All(labels, label => Assert.Contains(label, DecisionLabels.All));
            Assert.Equal("wrong_code", DecisionLabels.For(RejectCause.WrongCode));
            Assert.Equal("first_factor_failed", DecisionLabels.For(RejectCause.FirstFactorFailed));
            Assert.Equal("store_unavailable", DecisionLabels.For(RejectCause.StoreUnavailable));
        }

        [Fact]
        public void A_refusal_carries_the_label_of_its_cause_not_its_detail()
        {
            // The detail is what a first factor said of the request: the audit log keeps it, the label never does.
            var verdict = Decisions.Reject(RejectCause.FirstFactorFailed, detail: "alice: wrong password from 10.0.0.9");
            Assert.Equal("first_factor_failed", verdict.Label);
            Assert.Contains("alice", verdict.Reason);
        }
    }
}
