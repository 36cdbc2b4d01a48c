using System.Collections.Generic;
using RasMfa.Engine.Administration;

namespace RasMfa.Engine.Tests.Administration
{
    /// <summary>Stands in for the admin: keeps the warnings and what it was asked to approve, and answers as told.</summary>
    public sealed class RecordingReview : IChangeReview
    {
        public RecordingReview(bool approve = true) => Approves = approve;

        public bool Approves { get; }

        public List<string> Warnings { get; } = new List<string>();

        public List<string> Asked { get; } = new List<string>();

        public void Warn(string message) => Warnings.Add(message);

        public bool Approve(string target, string action)
        {
            Asked.Add($"{action}: {target}");
            return Approves;
        }
    }
}
