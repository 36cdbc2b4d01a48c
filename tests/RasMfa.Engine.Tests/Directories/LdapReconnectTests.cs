#if NET8_0_OR_GREATER // Mono's System.DirectoryServices.Protocols throws NotImplementedException: no LDAP on net472 here.
using System;
using System.Linq;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using RasMfa.Engine.Directories;
using RasMfa.Engine.FirstFactors;
using Xunit;

namespace RasMfa.Engine.Tests.Directories
{
    /// <summary>
    /// The service account's pooled connection, closed by the directory while idle (AD's MaxConnIdleTime), must not fail a
    /// valid login: the search is made again, once, on a fresh connection. The user's own bind is never made twice.
    /// </summary>
    public sealed class LdapReconnectTests : IDisposable
    {
        private const string ServiceDn = "CN=svc-rasmfa,CN=Users,DC=example,DC=test";
        private readonly FakeLdapServer _ldap = new FakeLdapServer();
        private readonly DirectoryChecker _checker;

        public LdapReconnectTests()
        {
            _ldap.Passwords[ServiceDn] = "service-password";
            _ldap.Passwords[_ldap.UserDn] = "wonderland";
            var directory = new DirectoryDefinition("corp", DirectoryType.ActiveDirectory, new[] { "127.0.0.1" })
            {
                Port = _ldap.Port,
                Security = DirectorySecurity.None,
                BaseDN = "DC=example,DC=test",
                BindUserName = ServiceDn,
                BindPassword = Encoding.UTF8.GetBytes("service-password"),
                TimeoutSeconds = 5,
            };
            _checker = new DirectoryChecker(directory, new LdapSearchPool());
        }

        public void Dispose() => _ldap.Dispose();

        private Task<FirstFactorResult> Check(string password) => _checker.CheckAsync("alice", Encoding.UTF8.GetBytes(password), CancellationToken.None);

        private int UserBinds => _ldap.Binds.Count(dn => dn == _ldap.UserDn);

        [Fact]
        public async Task A_valid_login_after_the_directory_dropped_the_idle_pooled_connection_is_accepted()
        {
            var first = await Check("wonderland");
            Assert.True(first.Outcome == FirstFactorOutcome.Accepted, first.Reason);
            _ldap.DropConnections();
            var second = await Check("wonderland");
            Assert.True(second.Outcome == FirstFactorOutcome.Accepted, second.Reason);
            Assert.Equal("password accepted by corp (127.0.0.1)", second.Reason);
            Assert.Equal(2, UserBinds);
        }

        [Fact]
        public async Task A_wrong_password_after_a_dropped_connection_is_bound_once_and_refused()
        {
            await Check("wonderland");
            _ldap.DropConnections();
            int before = UserBinds;
            var refused = await Check("looking-glass");
            Assert.Equal(FirstFactorOutcome.Rejected, refused.Outcome);
            Assert.Equal(before + 1, UserBinds);
        }

        [Fact]
        public async Task A_directory_that_went_down_is_tried_once_more_on_a_fresh_connection_and_no_more()
        {
            await Check("wonderland");
            _ldap.CloseOnAccept = true;
            _ldap.DropConnections();
            int connections = _ldap.Connections;
            var result = await Check("wonderland");
            Assert.Equal(FirstFactorOutcome.Unavailable, result.Outcome);
            Assert.Equal(connections + 1, _ldap.Connections);
        }
    }
}
#endif
