using System;
using RasMfa.Engine.Clients;
using RasMfa.Engine.Configuration;
using RasMfa.Engine.Mfa;
using RasMfa.Engine.Radius;
using Xunit;

namespace RasMfa.Engine.Tests.Mfa
{
    /// <summary>
    /// AD takes one account under several names (alice.smith@corp.example, CORP\asmith, asmith, its DN), while the store
    /// holds one of them. With a service account the directory says whose account a name is before the password is
    /// checked, so a wrong password sent under any of its names counts toward that user's lockout, and a locked user's
    /// right password is refused under any of them too.
    /// </summary>
    public sealed class PasswordLockoutUnderDirectoryAliasTests : IDisposable
    {
        private const int Threshold = 3;
        private readonly DirectoryAliasChecker _directory = DirectoryAliasChecker.ForAliceSmith();
        private readonly MfaFixture _f;

        public PasswordLockoutUnderDirectoryAliasTests()
        {
            _f = new MfaFixture(client => client.FirstFactor == FirstFactor.Directory ? _directory : null);
            _f.Client.FirstFactor = FirstFactor.Directory;
            _f.Settings = new MfaSettings { LockoutThreshold = Threshold, LockoutMinutes = 15 };
        }

        public void Dispose() => _f.Dispose();

        [Theory]
        [InlineData("CORP\\asmith")]
        [InlineData("asmith")]
        [InlineData("CN=Alice Smith,OU=Staff,DC=corp,DC=example")]
        public void Wrong_passwords_under_another_directory_name_of_an_enrolled_user_count_toward_the_lockout(string alias)
        {
            _f.Enrol(DirectoryAliasChecker.Upn);
            // Under the stored name (PasswordLockoutTests), Threshold wrong passwords lock and the right one is then refused.
            for (int i = 0; i < Threshold * 5; i++) Assert.Equal(RadiusCode.AccessReject, _f.Pap(alias, "guess " + i).Code);
            var alice = _f.Store.Users.Get(DirectoryAliasChecker.Upn)!;
            var right = _f.Pap(alias, DirectoryAliasChecker.Password);
            Assert.True(alice.IsLockedAt(_f.Now) && right.Code != RadiusCode.AccessChallenge,
                $"{Threshold * 5} wrong passwords under '{alias}' left the enrolled user with {alice.FailedAttempts} failures, not locked; " +
                $"the right password then got {right.Code} ({_f.LastReason()}): an unlimited password oracle past LockoutThreshold {Threshold}");
        }
    }
}
