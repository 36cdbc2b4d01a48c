#if NET8_0_OR_GREATER // Mono's System.DirectoryServices.Protocols throws NotImplementedException: no LDAP on net472 here.
using System;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using RasMfa.Engine.Directories;
using RasMfa.Engine.FirstFactors;
using Xunit;

namespace RasMfa.Engine.Tests.Directories
{
    /// <summary>
    /// A directory server that does not know "Who am I?" (Samba AD answers protocolError) and no service account: each
    /// login's account is still named, from the entry the bound name names, and the server is asked "Who am I?" once, not
    /// on every login.
    /// </summary>
    public sealed class DirectoryWithoutWhoAmITests : IDisposable
    {
        private const string Password = "Correct horse 1";
        private readonly FakeLdapServer _ldap = new FakeLdapServer();

        public void Dispose() => _ldap.Dispose();

        [Fact]
        public async Task A_server_without_Who_am_I_is_asked_it_once_and_every_login_is_still_named_by_its_entry()
        {
            _ldap.Passwords[_ldap.UserDn] = Password;
            // A directory of its own (a new name): what is remembered per server belongs to one directory's settings.
            var directory = new DirectoryDefinition("no-whoami-" + Guid.NewGuid().ToString("N"), DirectoryType.Ldap, new[] { "127.0.0.1" })
            {
                Port = _ldap.Port,
                Security = DirectorySecurity.None,
                TimeoutSeconds = 5,
            };
            var checker = new DirectoryChecker(directory);
            for (int login = 0; login < 3; login++)
            {
                var result = await checker.CheckAsync(_ldap.UserDn, Encoding.UTF8.GetBytes(Password), CancellationToken.None);
                Assert.True(result.Outcome == FirstFactorOutcome.Accepted, result.Reason);
                Assert.True(result.Account!.IsIdentified, result.Account.Description);
                Assert.Equal(_ldap.UserDn, result.Account.Description);
            }
            Assert.Equal(1, _ldap.ExtendedOperations);
        }
    }
}
#endif
