using System;
using System.Linq;
using System.Threading.Tasks;
using RasMfa.Engine.Configuration;
using RasMfa.Engine.Mfa;
using RasMfa.Engine.Radius;
using Xunit;

namespace RasMfa.Engine.Tests.Mfa
{
    /// <summary>Logins whose writes share a group commit: each still gets its own, correct answer.</summary>
    public sealed class ConcurrentLoginTests : IDisposable
    {
        private readonly MfaFixture _f = new MfaFixture();

        public void Dispose()
        {
            _f.Store.Dispose();
            _f.Dispose();
        }

        [Fact]
        public async Task The_same_code_sent_twenty_times_at_once_is_accepted_exactly_once()
        {
            _f.Settings = new MfaSettings { LockoutThreshold = 100 };
            var token = _f.Enrol("alice");
            var code = _f.CodeAt(token);
            var answers = (await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => _f.PapAsync("alice", code)))).Select(d => d.Code).ToList();
            Assert.Equal(1, answers.Count(a => a == RadiusCode.AccessAccept));
            Assert.Equal(19, answers.Count(a => a == RadiusCode.AccessReject));
            Assert.Equal(19, _f.Store.AuditLog.Query(new Audit.AuthenticationLogQuery { Result = "Reject" }).Count(r => r.Reason == "replayed code"));
        }

        [Fact]
        public async Task Many_users_logging_in_at_once_are_all_accepted_and_all_audited()
        {
            var tokens = Enumerable.Range(0, 40).Select(i => _f.Enrol("user" + i)).ToList();
            var answers = (await Task.WhenAll(tokens.Select((token, i) => _f.PapAsync("user" + i, _f.CodeAt(token))))).Select(d => d.Code).ToList();
            Assert.All(answers, a => Assert.Equal(RadiusCode.AccessAccept, a));
            Assert.Equal(40, _f.Store.AuditLog.Query(new Audit.AuthenticationLogQuery { Result = "Accept" }).Count);
        }
    }
}
