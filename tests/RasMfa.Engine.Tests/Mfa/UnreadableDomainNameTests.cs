using System;
using RasMfa.Engine.Clients;
using RasMfa.Engine.Directories;
using RasMfa.Engine.Radius;
using Xunit;

namespace RasMfa.Engine.Tests.Mfa
{
    /// <summary>
    /// With a service account, the domain's NetBIOS name comes from a read of its own (the crossRef's nETBIOSName), which the
    /// directory may refuse or fail. Without it the account's names lack NETBIOS\sAMAccountName, and a user stored as
    /// CORP\asmith would not be found by the account's other names: logging in by UPN with RequireUserMatch off, they would
    /// pass as unknown, without a code. So such an account is not identified, and never let through as unknown.
    /// </summary>
    public sealed class UnreadableDomainNameTests : IDisposable
    {
        private readonly DirectoryAliasChecker _directory = DirectoryAliasChecker.ForAliceSmith(
            AccountNames.ForActiveDirectory(DirectoryAliasChecker.Dn, DirectoryAliasChecker.Upn, DirectoryAliasChecker.Sam,
                new Guid("6f9619ff-8b86-d011-b42d-00c04fc964ff"), netBiosDomain: null));
        private readonly MfaFixture _f;

        public UnreadableDomainNameTests()
        {
            _f = new MfaFixture(client => client.FirstFactor == FirstFactor.Directory ? _directory : null);
            _f.Client.FirstFactor = FirstFactor.Directory;
            _f.Client.RequireUserMatch = false;
        }

        public void Dispose() => _f.Dispose();

        [Fact]
        public void A_user_stored_as_DOMAIN_sam_is_asked_for_the_code_by_UPN_when_the_NetBIOS_name_could_not_be_read()
        {
            _f.Enrol("CORP\\asmith");
            var reply = _f.Pap(DirectoryAliasChecker.Upn, DirectoryAliasChecker.Password);
            Assert.True(reply.Code != RadiusCode.AccessAccept, $"the enrolled CORP\\asmith logged in by UPN got {reply.Code} ({_f.LastReason()})");
        }

        [Fact]
        public void An_unknown_user_is_not_let_through_on_the_password_alone_when_the_NetBIOS_name_could_not_be_read()
        {
            var reply = _f.Pap(DirectoryAliasChecker.Upn, DirectoryAliasChecker.Password);
            Assert.Equal(RadiusCode.AccessReject, reply.Code);
            Assert.Contains("NetBIOS name", _f.LastReason());
        }
    }
}
