#if NET8_0_OR_GREATER // Mono's System.DirectoryServices.Protocols throws NotImplementedException: no LDAP on net472 here.
using System.IO;
using System.Linq;
using System.Text;
using System.Threading;
using RasMfa.Engine.Directories;
using RasMfa.Engine.FirstFactors;
using Xunit;

namespace RasMfa.Engine.Tests.Directories
{
    /// <summary>Passwords checked by the engine's own directory code against a real Samba AD DC, over LDAPS and StartTLS.</summary>
    [Collection(SambaCollection.Name)]
    public sealed class DirectoryBindTests
    {
        private readonly SambaDirectory _dc;

        public DirectoryBindTests(SambaDirectory dc) => _dc = dc;

        private static FirstFactorResult Check(DirectoryDefinition directory, string userName, string password) =>
            new DirectoryChecker(directory).CheckAsync(userName, Encoding.UTF8.GetBytes(password), CancellationToken.None).GetAwaiter().GetResult();

        [Theory]
        [InlineData(DirectorySecurity.Ldaps)]
        [InlineData(DirectorySecurity.StartTls)]
        public void The_right_password_binds_and_a_wrong_one_is_refused_as_a_bad_password(DirectorySecurity security)
        {
            var directory = _dc.Directory(security);
            var accepted = Check(directory, $"{_dc.Domain}\\{_dc.EnabledUser}", SambaDirectory.Password);
            Assert.True(accepted.Outcome == FirstFactorOutcome.Accepted, accepted.Reason);
            Assert.Equal("password accepted by xu (127.0.0.1)", accepted.Reason);
            var refused = Check(directory, _dc.EnabledUser, "Wrong-Passw0rd!");
            Assert.Equal(FirstFactorOutcome.Rejected, refused.Outcome);
            Assert.Equal("bad password (xu)", refused.Reason);
        }

        [Theory]
        [InlineData(DirectorySecurity.Ldaps)]
        [InlineData(DirectorySecurity.StartTls)]
        public void A_disabled_account_is_refused_with_its_reason_even_with_the_right_password(DirectorySecurity security)
        {
            var refused = Check(_dc.Directory(security), _dc.DisabledUser, SambaDirectory.Password);
            Assert.Equal(FirstFactorOutcome.Rejected, refused.Outcome);
            Assert.Equal("account disabled in the directory (xu)", refused.Reason);
        }

        [Fact]
        public void Without_a_service_account_the_user_binds_by_user_principal_name()
        {
            var directory = _dc.Directory(DirectorySecurity.Ldaps, serviceAccount: false);
            string upn = $"{_dc.EnabledUser}@{_dc.Realm.ToLowerInvariant()}";
            Assert.Equal(FirstFactorOutcome.Accepted, Check(directory, upn, SambaDirectory.Password).Outcome);
            Assert.Equal(FirstFactorOutcome.Rejected, Check(directory, upn, "Wrong-Passw0rd!").Outcome);
        }

        [Theory]
        [InlineData(DirectorySecurity.Ldaps)]
        [InlineData(DirectorySecurity.StartTls)]
        public void A_server_certificate_no_trusted_CA_signed_stops_the_check_before_any_password_is_sent(DirectorySecurity security)
        {
            var emptyCaFolder = Directory.CreateDirectory(Path.Combine(Path.GetTempPath(), "rasmfa-no-ca-" + System.Guid.NewGuid().ToString("N")));
            try
            {
                var result = Check(_dc.Directory(security, emptyCaFolder.FullName), _dc.EnabledUser, SambaDirectory.Password);
                Assert.Equal(FirstFactorOutcome.Unavailable, result.Outcome);
                Assert.StartsWith("first factor unavailable: 127.0.0.1: ", result.Reason);
            }
            finally
            {
                emptyCaFolder.Delete(true);
            }
        }

        [Theory]
        [InlineData(DirectorySecurity.Ldaps, "Connect (Ldaps, port 636)")]
        [InlineData(DirectorySecurity.StartTls, "Connect (StartTls, port 389)")]
        public void The_directory_probe_connects_binds_the_service_account_searches_and_binds_the_user(DirectorySecurity security, string connectStep)
        {
            var steps = DirectoryProbe.Run(_dc.Directory(security), _dc.EnabledUser, Encoding.UTF8.GetBytes(SambaDirectory.Password));
            Assert.Equal(new[] { connectStep, "Bind service account", "Search", $"Bind as {_dc.EnabledUser}" }, steps.Select(s => s.Step));
            Assert.All(steps, step => Assert.True(step.Succeeded, $"{step.Step}: {step.Detail}"));
            Assert.Equal(_dc.BaseDN, steps[2].Detail);
        }
    }
}
#endif
