using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using RasMfa.Engine.Clients;
using RasMfa.Engine.Configuration;
using RasMfa.Engine.Directories;
using RasMfa.Engine.FirstFactors;
using RasMfa.Engine.Radius;
using Xunit;

namespace RasMfa.Engine.Tests.Mfa
{
    /// <summary>
    /// With a service account the directory names the account before its password is checked. When the name sent also
    /// finds a stored namesake (CORP\asmith finds SALES\asmith by the name rules), the guesses at the account's password
    /// count on the account's own user, never on the namesake, who could be the attacker and clear their own count by
    /// logging in as themselves.
    /// </summary>
    public sealed class GuessesUnderANamesakesNameTests : IDisposable
    {
        private const int Threshold = 3;
        private const string AttackerName = "SALES\\asmith";
        private const string AttackerPassword = "attacker's own password";
        private readonly MfaFixture _f;

        public GuessesUnderANamesakesNameTests()
        {
            _f = new MfaFixture(client => client.FirstFactor == FirstFactor.Directory ? new TwoAccounts() : null);
            _f.Client.FirstFactor = FirstFactor.Directory;
            _f.Settings = new MfaSettings { LockoutThreshold = Threshold, LockoutMinutes = 15 };
        }

        public void Dispose() => _f.Dispose();

        /// <summary>Alice's account (DirectoryAliasChecker's) and the attacker's SALES\asmith, each under its own names, as AD with a service account.</summary>
        private sealed class TwoAccounts : IFirstFactorChecker, IAccountIdentifier
        {
            private static readonly FirstFactorAccount Attacker = AccountNames.ForActiveDirectory(
                "CN=Sam Asmith,OU=Sales,DC=sales,DC=corp,DC=example", "asmith@sales.corp.example", "asmith", new Guid("11111111-2222-3333-4444-555555555555"), "SALES");
            private readonly DirectoryAliasChecker _alice = DirectoryAliasChecker.ForAliceSmith();

            private static bool IsAttacker(string name) => string.Equals(name, AttackerName, StringComparison.OrdinalIgnoreCase)
                || string.Equals(name, "asmith@sales.corp.example", StringComparison.OrdinalIgnoreCase);

            public Task<FirstFactorAccount?> IdentifyAsync(string userName, CancellationToken cancellationToken) =>
                IsAttacker(userName) ? Task.FromResult<FirstFactorAccount?>(Attacker) : _alice.IdentifyAsync(userName, cancellationToken);

            public Task<FirstFactorResult> CheckAsync(string userName, byte[] password, CancellationToken cancellationToken)
            {
                if (!IsAttacker(userName)) return _alice.CheckAsync(userName, password, cancellationToken);
                return Task.FromResult(password.SequenceEqual(Encoding.UTF8.GetBytes(AttackerPassword))
                    ? new FirstFactorResult(FirstFactorOutcome.Accepted, "accepted", new RadiusAttribute[0], Attacker)
                    : new FirstFactorResult(FirstFactorOutcome.Rejected, "rejected"));
            }
        }

        [Fact]
        public void Guesses_at_Alice_s_password_under_CORP_asmith_count_on_Alice_not_on_a_namesake_who_can_clear_them()
        {
            _f.Enrol(DirectoryAliasChecker.Upn);
            var attackerToken = _f.Enrol(AttackerName);
            int guesses = 0;
            for (int round = 0; round < 10; round++)
            {
                for (int i = 0; i < Threshold - 1; i++, guesses++)
                    Assert.Equal(RadiusCode.AccessReject, _f.Pap("CORP\\asmith", "guess " + guesses).Code);
                // The attacker's own login clears the count the guesses left on them.
                _f.Now = _f.Now.AddSeconds(30);
                var own = _f.Pap(AttackerName, AttackerPassword);
                Assert.Equal(RadiusCode.AccessChallenge, own.Code);
                Assert.Equal(RadiusCode.AccessAccept, _f.Pap(AttackerName, _f.CodeAt(attackerToken), own.State).Code);
            }
            var alice = _f.Store.Users.Get(DirectoryAliasChecker.Upn)!;
            var right = _f.Pap("CORP\\asmith", DirectoryAliasChecker.Password);
            Assert.True(alice.IsLockedAt(_f.Now) || right.Code != RadiusCode.AccessChallenge,
                $"{guesses} wrong passwords for Alice's account under CORP\\asmith (LockoutThreshold {Threshold}) left alice.smith@corp.example with " +
                $"{alice.FailedAttempts} failures, not locked; they counted on the namesake {AttackerName} ({_f.Store.Users.Get(AttackerName)!.FailedAttempts} now), " +
                $"who cleared them by logging in; Alice's right password then got {right.Code}: an unlimited password oracle");
        }
    }

    /// <summary>
    /// A user locked in RasMfa has no password checked under any of their account's names, even one that finds a namesake:
    /// the directory is not asked (its own lockout is not fed, its answer time not shown).
    /// </summary>
    public sealed class LockedAccountBehindNamesakeTests : IDisposable
    {
        private const int Threshold = 3;
        private readonly DirectoryAliasChecker _directory = DirectoryAliasChecker.ForAliceSmith();
        private readonly RecordingPasswords _checks;
        private readonly MfaFixture _f;

        public LockedAccountBehindNamesakeTests()
        {
            _checks = new RecordingPasswords(_directory);
            _f = new MfaFixture(client => client.FirstFactor == FirstFactor.Directory ? _checks : null);
            _f.Client.FirstFactor = FirstFactor.Directory;
            _f.Settings = new MfaSettings { LockoutThreshold = Threshold, LockoutMinutes = 15 };
        }

        public void Dispose() => _f.Dispose();

        private sealed class RecordingPasswords : IFirstFactorChecker, IAccountIdentifier
        {
            private readonly DirectoryAliasChecker _inner;

            public RecordingPasswords(DirectoryAliasChecker inner) => _inner = inner;

            public int Checked;

            public Task<FirstFactorAccount?> IdentifyAsync(string userName, CancellationToken cancellationToken) => _inner.IdentifyAsync(userName, cancellationToken);

            public Task<FirstFactorResult> CheckAsync(string userName, byte[] password, CancellationToken cancellationToken)
            {
                Interlocked.Increment(ref Checked);
                return _inner.CheckAsync(userName, password, cancellationToken);
            }
        }

        [Fact]
        public void A_locked_user_s_password_is_not_checked_under_a_name_that_finds_a_namesake()
        {
            _f.Enrol("SALES\\asmith");
            _f.Enrol(DirectoryAliasChecker.Upn);
            for (int i = 0; i < Threshold; i++) Assert.Equal(RadiusCode.AccessReject, _f.Pap(DirectoryAliasChecker.Upn, "guess " + i).Code);
            Assert.True(_f.Store.Users.Get(DirectoryAliasChecker.Upn)!.IsLockedAt(_f.Now));
            int before = _checks.Checked;
            var wrong = _f.Pap("CORP\\asmith", "another guess");
            var right = _f.Pap("CORP\\asmith", DirectoryAliasChecker.Password);
            Assert.True(_checks.Checked == before,
                $"alice.smith@corp.example is locked, yet under CORP\\asmith her password was checked {_checks.Checked - before} times; " +
                $"a wrong one got {wrong.Code}, the right one {right.Code}");
        }
    }
}
