using Npgsql;
using RasMfa.Engine.Storage.PostgreSql;
using RasMfa.Engine.Tests.Storage.PostgreSql;
using Xunit;

namespace RasMfa.Engine.Tests.Review
{
    /// <summary>
    /// Review R3 (issue 12, keepalives): the dialect says "the admin's own values stay", but it tells an unset value from one
    /// the admin wrote by comparing with Npgsql's default, so an admin who writes the default on purpose is overridden:
    /// Keepalive=0 (no application keepalive, e.g. on a metered or firewalled link) gets 30 s, Timeout=15 gets StoreWriteTimeoutSeconds.
    /// </summary>
    public sealed class ExplicitConnectionValuesTests
    {
        [Fact]
        public void An_admins_explicit_Keepalive_0_and_Timeout_15_stay_as_written()
        {
            using var database = new PostgreSqlTestServer().CreateDatabase();
            using var dialect = new PostgreSqlDialect(database.ConnectionString + ";Keepalive=0;Timeout=15");
            using var connection = (NpgsqlConnection)dialect.Open();
            var used = new NpgsqlConnectionStringBuilder(connection.ConnectionString);
            // Fails: 30 and the write timeout, as if the admin had written nothing.
            Assert.Equal((0, 15), (used.KeepAlive, used.Timeout));
        }
    }
}
