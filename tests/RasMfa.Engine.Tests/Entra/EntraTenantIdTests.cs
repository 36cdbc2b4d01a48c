#if NET
using System;
using System.Reflection;
using System.Text;
using RasMfa.Engine.Administration;
using RasMfa.Engine.Entra;
using RasMfa.Engine.Tests.Review;
using RasMfa.EntraStub;
using Xunit;

namespace RasMfa.Engine.Tests.Entra
{
    /// <summary>A tenant's identity as stored (review R9): the forms Azure.Identity takes, and a sync state that is the tenant's own.</summary>
    public sealed class EntraTenantIdTests : IDisposable
    {
        private readonly ReviewR9FakeGraph _graph = new ReviewR9FakeGraph();

        public void Dispose() => _graph.Close();

        private EntraTenantService Tenants => new EntraTenantService(_graph.Store.EntraTenants, _graph.Store.Directories, () => _graph);

        private EntraTenantDefinition? Add(string tenantId) =>
            Tenants.Add("t", new EntraTenantChanges { TenantId = tenantId, ClientId = "{" + GraphScenario.ClientId.ToUpperInvariant() + "}", ClientSecret = new byte[] { 1 } }, _graph.Admin);

        [Theory]
        [InlineData("8C1F3A52-2B5E-4F7D-9A61-0D4E6B7C8A90", "8c1f3a52-2b5e-4f7d-9a61-0d4e6b7c8a90")]
        [InlineData(" Contoso.OnMicrosoft.com ", "contoso.onmicrosoft.com")]
        public void A_tenant_id_is_stored_in_its_canonical_form_and_so_is_the_client_id(string given, string stored)
        {
            Add(given);

            var tenant = _graph.Store.EntraTenants.Get("t")!;
            Assert.Equal((stored, GraphScenario.ClientId), (tenant.TenantId, tenant.ClientId));
        }

        [Theory]
        [InlineData("8c1f3a522b5e4f7d9a610d4e6b7c8a90")]
        [InlineData("contoso..com")]
        [InlineData("contoso.com.")]
        public void Other_forms_are_refused_with_an_id(string given) =>
            Assert.Equal("InvalidEntraTenantId", Assert.Throws<EngineException>(() => Add(given)).ErrorId);

        [Fact]
        public void A_tenant_id_stored_before_the_check_that_Azure_Identity_refuses_is_an_Entra_failure_not_an_ArgumentException()
        {
            _graph.Store.EntraTenants.Add(new EntraTenantDefinition("old", "(8c1f3a52-2b5e-4f7d-9a61-0d4e6b7c8a90)", GraphScenario.ClientId) { Secret = Encoding.UTF8.GetBytes("s") });
            var tenants = new EntraTenantService(_graph.Store.EntraTenants, _graph.Store.Directories, () => new RasMfa.Entra.GraphEntraFactory());

            var result = tenants.Test("old");

            Assert.False(result.TokenAcquired);
            Assert.Contains("refused", result.Error);
        }

        [Theory]
        [InlineData("tenant")]
        [InlineData("cloud")]
        public void Pointing_a_tenant_elsewhere_clears_its_sync_state_so_the_next_sync_reads_in_full(string change)
        {
            Add(GraphScenario.TenantId);
            var tenant = _graph.Store.EntraTenants.Get("t")!;
            tenant.SyncState = "{\"Scopes\":{\"g|UserPrincipalName\":{\"UsersDeltaLink\":\"https://graph.microsoft.com/v1.0/users/delta?$deltatoken=7\"}}}";
            _graph.Store.EntraTenants.Update("t", tenant);

            Tenants.Change("t", new EntraTenantChanges { SyncIntervalMinutes = 30 }, _graph.Admin);
            Assert.NotEqual("", _graph.Store.EntraTenants.Get("t")!.SyncState);
            Tenants.Change("t", change == "tenant" ? new EntraTenantChanges { TenantId = "fabrikam.onmicrosoft.com" } : new EntraTenantChanges { Cloud = EntraCloud.USGov }, _graph.Admin);

            Assert.Equal("", _graph.Store.EntraTenants.Get("t")!.SyncState);
        }

        [Fact]
        public void The_test_endpoints_that_redirect_the_secret_are_not_public()
        {
            Assert.Null(typeof(EntraGateway).GetProperty("TestEndpoints", BindingFlags.Public | BindingFlags.Static));
            Assert.False(typeof(EntraTestEndpoints).IsPublic);
        }
    }
}
#endif
