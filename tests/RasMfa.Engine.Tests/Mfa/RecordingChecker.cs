using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using RasMfa.Engine.FirstFactors;

namespace RasMfa.Engine.Tests.Mfa
{
    /// <summary>A first factor that records every name and password octets it was asked to check, and accepts one password.</summary>
    public sealed class RecordingChecker : IFirstFactorChecker
    {
        private readonly List<(string UserName, byte[] Password)> _checked = new List<(string, byte[])>();

        public RecordingChecker(string goodPassword = "Correct horse 1") => GoodPassword = System.Text.Encoding.UTF8.GetBytes(goodPassword);

        public byte[] GoodPassword { get; set; }

        public IReadOnlyList<(string UserName, byte[] Password)> Checked
        {
            get { lock (_checked) return _checked.ToList(); }
        }

        public Task<FirstFactorResult> CheckAsync(string userName, byte[] password, CancellationToken cancellationToken)
        {
            lock (_checked) _checked.Add((userName, (byte[])password.Clone()));
            return Task.FromResult(password.SequenceEqual(GoodPassword)
                ? new FirstFactorResult(FirstFactorOutcome.Accepted, "password accepted by the recording checker")
                : new FirstFactorResult(FirstFactorOutcome.Rejected, "password rejected by the recording checker"));
        }
    }
}
