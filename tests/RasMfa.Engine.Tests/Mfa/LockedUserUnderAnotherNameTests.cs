using System;
using RasMfa.Engine.Clients;
using RasMfa.Engine.Configuration;
using RasMfa.Engine.Mfa;
using RasMfa.Engine.Radius;
using Xunit;

namespace RasMfa.Engine.Tests.Mfa
{
    /// <summary>
    /// A challenge round that locks the user is answered as a decoy's, and the rounds after it go on as a decoy's under the
    /// stored name (alice.smith@corp.example). A user who logged in under another of their directory names (CORP\asmith)
    /// must be asked again then as when unlocked, not refused at once as a stranger to the challenge: the lock must not show.
    /// </summary>
    public sealed class LockedUserUnderAnotherNameTests : IDisposable
    {
        private const string Alias = "CORP\\asmith";
        private readonly DirectoryAliasChecker _directory = DirectoryAliasChecker.ForAliceSmith();
        private readonly MfaFixture _f;

        public LockedUserUnderAnotherNameTests()
        {
            _f = new MfaFixture(client => client.FirstFactor == FirstFactor.Directory ? _directory : null);
            _f.Client.FirstFactor = FirstFactor.Directory;
        }

        public void Dispose() => _f.Dispose();

        private RadiusCode FourthRoundCode(int lockoutThreshold)
        {
            _f.Settings = new MfaSettings { LockoutThreshold = lockoutThreshold, ChallengeMaxAttempts = 5 };
            _f.Enrol(DirectoryAliasChecker.Upn);
            var first = _f.Pap(Alias, DirectoryAliasChecker.Password);
            Assert.Equal(RadiusCode.AccessChallenge, first.Code);
            var second = _f.Pap(Alias, "000000", first.State);
            Assert.Equal(RadiusCode.AccessChallenge, second.Code);
            var third = _f.Pap(Alias, "000001", second.State);
            Assert.Equal(RadiusCode.AccessChallenge, third.Code);
            return _f.Pap(Alias, "000002", third.State).Code;
        }

        [Fact]
        public void Control_unlocked_the_fourth_round_under_the_alias_is_asked_again() => Assert.Equal(RadiusCode.AccessChallenge, FourthRoundCode(10));

        [Fact]
        public void Locked_by_the_third_round_the_fourth_round_under_the_alias_is_asked_again_as_when_unlocked()
        {
            var code = FourthRoundCode(2);
            Assert.True(_f.Store.Users.Get(DirectoryAliasChecker.Upn)!.IsLockedAt(_f.Now));
            Assert.True(code == RadiusCode.AccessChallenge, $"after the lock the next round got {code} ({_f.LastReason()}), where unlocked it is asked again");
        }
    }
}
