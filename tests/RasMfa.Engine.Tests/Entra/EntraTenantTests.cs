using System;
using System.IO;
using System.Linq;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using Microsoft.Data.Sqlite;
using RasMfa.Engine.Administration;
using RasMfa.Engine.Entra;
using RasMfa.EntraStub;
using Xunit;

namespace RasMfa.Engine.Tests.Entra
{
    /// <summary>Entra tenants in the store and Test-RasMfaEntraTenant's engine path, through the real credential and Graph client (issue 15).</summary>
    public sealed class EntraTenantTests : IDisposable
    {
        private EntraGraphWorld _world = new EntraGraphWorld();

        public void Dispose() => _world.Dispose();

        [Fact]
        public void The_client_secret_is_sealed_in_the_store_and_read_back_whole()
        {
            _world.AddTenant();
            _world.Store.Dispose();

            using (var connection = new SqliteConnection($"Data Source={Path.Combine(_world.Folder, "rasmfa.db")}"))
            {
                connection.Open();
                using var command = connection.CreateCommand();
                command.CommandText = "SELECT secret FROM entra_tenant";
                var stored = (byte[])command.ExecuteScalar()!;
                Assert.DoesNotContain(GraphScenario.ClientSecret, Encoding.UTF8.GetString(stored));
            }
            using var reopened = new Engine.Storage.SqliteStore(Path.Combine(_world.Folder, "rasmfa.db"));
            var tenant = reopened.EntraTenants.Get("CONTOSO")!;
            Assert.Equal(GraphScenario.ClientSecret, Encoding.UTF8.GetString(tenant.Secret!));
            Assert.Equal((EntraCloud.Global, EntraCredentialKind.ClientSecret), (tenant.Cloud, tenant.CredentialKind));
        }

        [Fact]
        public void Test_gets_a_token_reaches_Graph_and_lists_no_missing_permission_when_all_are_granted()
        {
            _world.AddTenant();
            var result = _world.Tenants.Test("contoso");

            Assert.True(result.Succeeded, result.Error);
            Assert.Empty(result.MissingPermissions);
            Assert.Contains(_world.Server.Requests, r => r.Path == "/v1.0/organization" && r.Query.Contains("$select=id"));
        }

        [Fact]
        public void Test_names_the_permissions_the_token_lacks_counting_a_broader_one_as_granted()
        {
            _world.Scenario.Roles = new[] { "User.Read.All", "Group.Read.All" };
            _world.AddTenant();
            var result = _world.Tenants.Test("contoso");

            Assert.True(result.TokenAcquired && result.GraphReached);
            Assert.Equal(new[] { "UserAuthenticationMethod.Read.All" }, result.MissingPermissions);
            Assert.False(result.Succeeded);
        }

        [Fact]
        public void A_wrong_client_secret_is_a_failed_test_with_the_sign_in_service_s_words()
        {
            _world.Tenants.Add("contoso", new EntraTenantChanges { TenantId = GraphScenario.TenantId, ClientId = GraphScenario.ClientId, ClientSecret = Encoding.UTF8.GetBytes("wrong") }, _world.Admin);
            var result = _world.Tenants.Test("contoso");

            Assert.False(result.TokenAcquired);
            Assert.True(result.Error!.Contains("AADSTS7000215"), result.Error);
            Assert.Equal(new[] { "client_secret" }, _world.Scenario.Refusals.Distinct());
        }

        [Fact]
        public void A_certificate_from_a_PFX_file_signs_the_client_assertion_and_sends_no_secret()
        {
            _world.Dispose();
            using var certificate = EntraGraphWorld.ClientCertificate();
            _world = new EntraGraphWorld(new X509Certificate2(certificate.Export(X509ContentType.Cert)));
            Directory.CreateDirectory(_world.Folder);
            var pfx = Path.Combine(_world.Folder, "app.pfx");
            File.WriteAllBytes(pfx, certificate.Export(X509ContentType.Pfx, "pfx-pass"));
            _world.Tenants.Add("contoso", new EntraTenantChanges
            {
                TenantId = GraphScenario.TenantId, ClientId = GraphScenario.ClientId, CertificatePath = pfx, CertificatePassword = Encoding.UTF8.GetBytes("pfx-pass"),
            }, _world.Admin);

            var result = _world.Tenants.Test("contoso");

            Assert.True(result.Succeeded, result.Error + " " + string.Join(",", _world.Scenario.Refusals));
            // The roles' token and Graph's (asked for with continuous access evaluation, cached apart): each one signed, none with a secret.
            var tokens = _world.Server.Requests.Where(r => r.Path.EndsWith("/oauth2/v2.0/token", StringComparison.Ordinal)).ToList();
            Assert.NotEmpty(tokens);
            Assert.All(tokens, token => Assert.Contains("client_assertion_type=urn%3Aietf%3Aparams%3Aoauth%3Aclient-assertion-type%3Ajwt-bearer", token.Body));
            Assert.All(tokens, token => Assert.DoesNotContain("client_secret", token.Body));
            Assert.Empty(_world.Scenario.Refusals);
        }

        [Fact]
        public void The_transport_trusts_the_test_CA_alone_and_refuses_the_stub_signed_by_any_other()
        {
            using var other = new LoopbackHttpsServer(_ => new StubResponse(404, "{}"));
            _world.TrustedCa = other.Ca;
            _world.AddTenant();

            var result = _world.Tenants.Test("contoso");

            Assert.False(result.TokenAcquired);
            Assert.DoesNotContain(_world.Server.Requests, r => r.Path.EndsWith("/token", StringComparison.Ordinal));
        }

        [Theory]
        [InlineData("not a tenant", "InvalidEntraTenantId")]
        [InlineData("contoso.onmicrosoft.com", null)]
        public void A_tenant_id_is_a_GUID_or_a_domain_name(string tenantId, string? errorId)
        {
            void Add() => _world.Tenants.Add("t", new EntraTenantChanges { TenantId = tenantId, ClientId = GraphScenario.ClientId, ClientSecret = new byte[] { 1 } }, _world.Admin);
            if (errorId == null) Add();
            else Assert.Equal(errorId, Assert.Throws<EngineException>(Add).ErrorId);
        }

        [Fact]
        public void A_tenant_needs_exactly_one_credential_and_a_name_no_directory_has()
        {
            Assert.Equal("EntraCredentialRequired", Assert.Throws<EngineException>(() =>
                _world.Tenants.Add("t", new EntraTenantChanges { TenantId = GraphScenario.TenantId, ClientId = GraphScenario.ClientId }, _world.Admin)).ErrorId);
            Assert.Equal("EntraCredentialAmbiguous", Assert.Throws<EngineException>(() =>
                _world.Tenants.Add("t", new EntraTenantChanges { TenantId = GraphScenario.TenantId, ClientId = GraphScenario.ClientId, ClientSecret = new byte[] { 1 }, CertificateThumbprint = new string('A', 40) }, _world.Admin)).ErrorId);
            _world.Store.Directories.Add(new Engine.Directories.DirectoryDefinition("corp", Engine.Directories.DirectoryType.ActiveDirectory, new[] { "dc1" }));
            Assert.Equal("EntraTenantNameTaken", Assert.Throws<EngineException>(() =>
                _world.Tenants.Add("CORP", new EntraTenantChanges { TenantId = GraphScenario.TenantId, ClientId = GraphScenario.ClientId, ClientSecret = new byte[] { 1 } }, _world.Admin)).ErrorId);
        }

        [Fact]
        public void Changing_to_a_machine_store_certificate_drops_the_sealed_secret()
        {
            _world.AddTenant();
            var changed = _world.Tenants.Change("contoso", new EntraTenantChanges { CertificateThumbprint = "ab cd" + new string('0', 36), Cloud = EntraCloud.USGov }, _world.Admin)!;

            var stored = _world.Store.EntraTenants.Get("contoso")!;
            Assert.Equal((EntraCredentialKind.CertificateThumbprint, "ABCD" + new string('0', 36), EntraCloud.USGov), (stored.CredentialKind, stored.CertificateThumbprint, stored.Cloud));
            Assert.Null(stored.Secret);
        }
    }
}
