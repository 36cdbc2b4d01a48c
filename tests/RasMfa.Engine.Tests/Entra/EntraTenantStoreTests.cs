using System.Text;
using RasMfa.Engine.Administration;
using RasMfa.Engine.Entra;
using RasMfa.Engine.Storage;
using RasMfa.Engine.Tests.Storage;
using Xunit;

namespace RasMfa.Engine.Tests.Entra
{
    /// <summary>The entra_tenant table on both databases: the secret sealed, names matched without case, one tenant per name.</summary>
    public sealed class EntraTenantStoreTests
    {
        private const string ClientId = "3f6a1b2c-4d5e-4f60-8a7b-9c0d1e2f3a4b";

        [Theory]
        [ClassData(typeof(BothStores))]
        public void A_tenant_is_written_sealed_read_by_any_case_renamed_and_removed(StoreKind kind)
        {
            using var test = TestStore.Open(kind);
            var tenants = test.Store.EntraTenants;
            tenants.Add(new EntraTenantDefinition("Contoso", "contoso.onmicrosoft.com", ClientId) { Secret = Encoding.UTF8.GetBytes("s3cret"), Cloud = EntraCloud.China });

            Assert.Equal(0, test.Execute("UPDATE entra_tenant SET name = name WHERE secret = @clear", ("@clear", Encoding.UTF8.GetBytes("s3cret"))));
            var read = tenants.Get("CONTOSO")!;
            Assert.Equal(("Contoso", "s3cret", EntraCloud.China), (read.Name, Encoding.UTF8.GetString(read.Secret!), read.Cloud));
            Assert.Equal("DuplicateEntraTenant", Assert.Throws<StoreException>(() => tenants.Add(new EntraTenantDefinition("contoso", "x.example", ClientId))).ErrorId);

            read.Name = "Fabrikam";
            tenants.Update("contoso", read);
            Assert.Null(tenants.Get("contoso"));
            Assert.True(tenants.Remove("fabrikam"));
            Assert.Empty(tenants.List());
        }
    }
}
