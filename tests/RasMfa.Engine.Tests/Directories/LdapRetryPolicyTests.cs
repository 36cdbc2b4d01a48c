using RasMfa.Engine.Directories;
using Xunit;

namespace RasMfa.Engine.Tests.Directories
{
    /// <summary>
    /// Which LDAP failures are made again on a fresh connection: a lost pooled connection, once; never an answer such as a
    /// wrong password. (By error code, so that it runs on every framework; LdapReconnectTests drives the real exceptions.)
    /// </summary>
    public sealed class LdapRetryPolicyTests
    {
        [Theory]
        [InlineData(81)] // LDAP_SERVER_DOWN: closed or reset by the directory
        [InlineData(91)] // LDAP_CONNECT_ERROR
        [InlineData(52)] // unavailable
        [InlineData(-1)] // OpenLDAP's LDAP_SERVER_DOWN
        public void A_lost_pooled_connection_is_retried_once(int errorCode)
        {
            Assert.True(LdapRetryPolicy.ShouldRetry(errorCode, onPooledConnection: true, attemptsMade: 1));
            Assert.False(LdapRetryPolicy.ShouldRetry(errorCode, onPooledConnection: true, attemptsMade: 2));
            Assert.False(LdapRetryPolicy.ShouldRetry(errorCode, onPooledConnection: false, attemptsMade: 1));
        }

        [Theory]
        [InlineData(49)] // invalidCredentials: a second bind would count twice toward the lockout
        [InlineData(50)] // insufficientAccessRights
        [InlineData(32)] // noSuchObject
        [InlineData(85)] // LDAP_TIMEOUT: a retry would double the RADIUS client's wait
        [InlineData(0)]
        public void An_answer_from_the_directory_or_a_timeout_is_never_retried(int errorCode)
        {
            Assert.False(LdapRetryPolicy.ShouldRetry(errorCode, onPooledConnection: true, attemptsMade: 1));
        }

        [Fact]
        public void A_failure_that_is_not_an_LdapException_is_never_retried()
        {
            Assert.False(LdapRetryPolicy.ShouldRetry(new System.InvalidOperationException("no naming context"), onPooledConnection: true, attemptsMade: 1));
            Assert.False(LdapRetryPolicy.ShouldRetry((int?)null, onPooledConnection: true, attemptsMade: 1));
        }
    }
}
