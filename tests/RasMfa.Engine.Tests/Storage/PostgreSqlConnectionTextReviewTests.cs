using RasMfa.Engine.Storage;
using Xunit;

namespace RasMfa.Engine.Tests.Storage
{
    /// <summary>
    /// Review R2 (store secrets): the warning Set-RasMfaStore gives for a connection an attacker on the network could take
    /// over. Npgsql's SSL Mode=Require encrypts but never checks the server's certificate (Npgsql's own table: no
    /// man-in-the-middle protection), so whoever sits between a server and PostgreSQL can answer as the database, which
    /// the threat model says can forge anything the servers trust (a recorded Accept, a user's lock).
    /// </summary>
    public sealed class PostgreSqlConnectionTextReviewTests
    {
        [Theory]
        [InlineData("Host=db1.example.net;SSL Mode=Require")]
        [InlineData("Host=db1.example.net,127.0.0.1;SSL Mode=Require")]
        public void A_connection_that_does_not_verify_the_database_servers_certificate_is_warned_about(string connectionString)
        {
            PostgreSqlConnectionText.Validate(connectionString, out bool safeFromTheNetwork);

            Assert.False(safeFromTheNetwork);
        }

        [Theory]
        [InlineData("Host=db1.example.net;SSL Mode=VerifyCA")]
        [InlineData("Host=db1.example.net;SSL Mode=VerifyFull")]
        [InlineData("Host=localhost;SSL Mode=Require")]
        public void A_connection_that_verifies_the_server_or_stays_on_this_machine_is_not_warned_about(string connectionString)
        {
            PostgreSqlConnectionText.Validate(connectionString, out bool safeFromTheNetwork);

            Assert.True(safeFromTheNetwork);
        }
    }
}
