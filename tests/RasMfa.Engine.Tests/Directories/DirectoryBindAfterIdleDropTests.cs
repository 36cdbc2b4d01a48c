#if NET8_0_OR_GREATER // Mono's System.DirectoryServices.Protocols throws NotImplementedException: no LDAP on net472 here.
using System.Net;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using RasMfa.Engine.Directories;
using RasMfa.Engine.FirstFactors;
using Xunit;

namespace RasMfa.Engine.Tests.Directories
{
    /// <summary>
    /// Against the real Samba AD DC, through a relay that resets the pooled connections as AD does to idle ones: a valid
    /// login still passes, a wrong password is still refused as such. (Named DirectoryBind* so that runs without the DC skip it.)
    /// </summary>
    [Collection(SambaCollection.Name)]
    public sealed class DirectoryBindAfterIdleDropTests
    {
        private readonly SambaDirectory _dc;

        public DirectoryBindAfterIdleDropTests(SambaDirectory dc) => _dc = dc;

        [Theory]
        [InlineData(DirectorySecurity.Ldaps, 636)]
        [InlineData(DirectorySecurity.StartTls, 389)]
        public async Task A_login_after_the_directory_reset_the_pooled_connection_is_decided_as_usual(DirectorySecurity security, int port)
        {
            using var relay = new TcpRelay(new IPEndPoint(IPAddress.Loopback, port));
            var directory = _dc.Directory(security);
            directory.Port = relay.Port;
            var checker = new DirectoryChecker(directory, new LdapSearchPool());
            var password = Encoding.UTF8.GetBytes(SambaDirectory.Password);

            var first = await checker.CheckAsync(_dc.EnabledUser, password, CancellationToken.None);
            Assert.True(first.Outcome == FirstFactorOutcome.Accepted, first.Reason);
            relay.DropConnections();
            var afterDrop = await checker.CheckAsync(_dc.EnabledUser, password, CancellationToken.None);
            Assert.True(afterDrop.Outcome == FirstFactorOutcome.Accepted, afterDrop.Reason);

            relay.DropConnections();
            var wrong = await checker.CheckAsync(_dc.EnabledUser, Encoding.UTF8.GetBytes("Wrong-Passw0rd!"), CancellationToken.None);
            Assert.Equal(FirstFactorOutcome.Rejected, wrong.Outcome);
            Assert.Equal("bad password (xu)", wrong.Reason);
        }
    }
}
#endif
