using System;
using System.Threading;
using System.Threading.Tasks;
using RasMfa.Engine.Clients;
using RasMfa.Engine.Configuration;
using RasMfa.Engine.FirstFactors;
using RasMfa.Engine.Mfa;
using RasMfa.Engine.Radius;
using Xunit;

namespace RasMfa.Engine.Tests.Mfa
{
    /// <summary>
    /// CORP\asmith finds the stored SALES\asmith by the name rules (a namesake, another person), so the attempt is reserved
    /// on them; the directory says the account that logged in is alice.smith@corp.example, another stored user, who then is
    /// the login's user. The namesake's attempt is given back, and whether the login may go on is the account's user's
    /// state, not the namesake's.
    /// </summary>
    public sealed class NamesakeReservationTests : IDisposable
    {
        private const string Namesake = "SALES\\asmith";
        private readonly DirectoryAliasChecker _directory = DirectoryAliasChecker.ForAliceSmith();
        private readonly MfaFixture _f;

        public NamesakeReservationTests()
        {
            _f = new MfaFixture(client => client.FirstFactor == FirstFactor.Directory ? new DuringCheck(_directory, () => WhileChecked()) : null);
            _f.Client.FirstFactor = FirstFactor.Directory;
            _f.Settings = new MfaSettings { LockoutThreshold = 3, LockoutMinutes = 15 };
        }

        public void Dispose() => _f.Dispose();

        private Action WhileChecked { get; set; } = () => { };

        /// <summary>The stand-in directory, with something done while it checks the password.</summary>
        private sealed class DuringCheck : IFirstFactorChecker, IAccountIdentifier
        {
            private readonly DirectoryAliasChecker _inner;
            private readonly Action _during;

            public DuringCheck(DirectoryAliasChecker inner, Action during)
            {
                _inner = inner;
                _during = during;
            }

            public Task<FirstFactorAccount?> IdentifyAsync(string userName, CancellationToken cancellationToken) => _inner.IdentifyAsync(userName, cancellationToken);

            public Task<FirstFactorResult> CheckAsync(string userName, byte[] password, CancellationToken cancellationToken)
            {
                _during();
                return _inner.CheckAsync(userName, password, cancellationToken);
            }
        }

        [Fact]
        public void The_namesake_found_by_the_name_sent_gets_the_attempt_back_and_the_account_s_user_is_asked_for_the_code()
        {
            _f.Enrol(Namesake);
            _f.Enrol(DirectoryAliasChecker.Upn);
            var answer = _f.Pap("CORP\\asmith", DirectoryAliasChecker.Password);
            Assert.Equal(RadiusCode.AccessChallenge, answer.Code);
            Assert.Equal(0, _f.Store.Users.Get(Namesake)!.FailedAttempts);
            Assert.Equal(0, _f.Store.Users.Get(DirectoryAliasChecker.Upn)!.FailedAttempts);
        }

        [Fact]
        public void A_namesake_locked_while_the_password_is_checked_does_not_refuse_the_account_that_logged_in()
        {
            _f.Enrol(Namesake);
            _f.Enrol(DirectoryAliasChecker.Upn);
            var namesake = _f.Store.Users.Get(Namesake)!;
            WhileChecked = () => _f.Store.Users.RecordFailure(namesake.Id, 1, TimeSpan.FromMinutes(15), _f.Now);
            var answer = _f.Pap("CORP\\asmith", DirectoryAliasChecker.Password);
            Assert.True(answer.Code == RadiusCode.AccessChallenge,
                $"alice.smith@corp.example, not locked, got {answer.Code} ({_f.LastReason()}) because the namesake {Namesake} was locked meanwhile");
        }
    }
}
