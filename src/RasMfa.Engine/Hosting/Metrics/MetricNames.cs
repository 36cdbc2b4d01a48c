using RasMfa.Engine.Mfa.Stages;
using RasMfa.Engine.Radius;

namespace RasMfa.Engine.Hosting.Metrics
{
    /// <summary>Label values as Prometheus convention writes them: lower case, words joined by underscores.</summary>
    public static class MetricNames
    {
        public static string Result(RadiusCode code) => code switch
        {
            RadiusCode.AccessAccept => "accept",
            RadiusCode.AccessChallenge => "challenge",
            _ => "reject",
        };

        /// <summary>UnknownClient → unknown_client.</summary>
        public static string SnakeCase(string name) => DecisionLabels.SnakeCase(name);
    }
}
