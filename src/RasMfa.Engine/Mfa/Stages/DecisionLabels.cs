using System;
using System.Collections.Generic;
using System.Linq;

namespace RasMfa.Engine.Mfa.Stages
{
    /// <summary>
    /// Why a login ended as it did, as a metric label: one of a fixed set (never a user name, a first factor's words or any
    /// other request value), so that the metrics' series stay bounded whatever the clients send.
    /// </summary>
    public static class DecisionLabels
    {
        public const string CodeAccepted = "code_accepted";
        public const string UnknownUserAllowed = "unknown_user_allowed";
        public const string NotEnrolledAllowed = "not_enrolled_allowed";
        public const string CodeRequested = "code_requested";
        public const string WrongCodeRetry = "wrong_code_retry";
        public const string ReplayedCodeRetry = "replayed_code_retry";
        public const string DecoyChallenge = "decoy_challenge";
        public const string DecoyRetry = "decoy_retry";
        public const string DecidedElsewhere = "decided_elsewhere";

        /// <summary>An answer from a handler that names no reason (a test's, or a path with no verdict of its own).</summary>
        public const string Unlabeled = "unlabeled";

        private static readonly RejectCause[] Causes = (RejectCause[])Enum.GetValues(typeof(RejectCause));
        private static readonly string[] CauseLabels = Causes.Select(c => SnakeCase(c.ToString())).ToArray();

        /// <summary>A refusal's label: its cause, snake-cased (RejectCause.WrongCode → wrong_code).</summary>
        public static string For(RejectCause cause) => CauseLabels[(int)cause];

        /// <summary>UnknownClient → unknown_client: label values as Prometheus convention writes them.</summary>
        public static string SnakeCase(string name)
        {
            var text = new System.Text.StringBuilder(name.Length + 8);
            foreach (var c in name)
            {
                if (char.IsUpper(c) && text.Length > 0) text.Append('_');
                text.Append(char.ToLowerInvariant(c));
            }
            return text.ToString();
        }

        /// <summary>Every label a decision can carry.</summary>
        public static IReadOnlyList<string> All { get; } = new[]
        {
            CodeAccepted, UnknownUserAllowed, NotEnrolledAllowed, CodeRequested, WrongCodeRetry, ReplayedCodeRetry, DecoyChallenge,
            DecoyRetry, DecidedElsewhere, Unlabeled,
        }.Concat(CauseLabels).ToArray();
    }
}
