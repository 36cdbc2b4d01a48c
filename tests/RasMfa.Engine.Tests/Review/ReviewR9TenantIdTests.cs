#if NET
using System;
using System.Text;
using RasMfa.Engine.Administration;
using RasMfa.Engine.Entra;
using RasMfa.Engine.Storage;
using RasMfa.Entra;
using Xunit;

namespace RasMfa.Engine.Tests.Review
{
    /// <summary>Review R9 (issue 15, item 1): tenant ids that Add-RasMfaEntraTenant takes.</summary>
    public sealed class ReviewR9TenantIdTests
    {
        [Theory]
        [InlineData("{8c1f3a52-2b5e-4f7d-9a61-0d4e6b7c8a90}")]
        [InlineData("(8c1f3a52-2b5e-4f7d-9a61-0d4e6b7c8a90)")]
        [InlineData("{0x8c1f3a52,0x2b5e,0x4f7d,{0x9a,0x61,0x0d,0x4e,0x6b,0x7c,0x8a,0x90}}")]
        public void A_tenant_id_Azure_Identity_would_refuse_is_refused_when_added_not_when_first_used(string tenantId)
        {
            var folder = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "rasmfa-r9t-" + Guid.NewGuid().ToString("N"));
            using var store = new SqliteStore(System.IO.Path.Combine(folder, "rasmfa.db"));
            var service = new EntraTenantService(store.EntraTenants, store.Directories, () => new GraphEntraFactory());
            
            try
            {
                service.Add("contoso", new EntraTenantChanges { TenantId = tenantId, ClientId = Guid.NewGuid().ToString(), ClientSecret = Encoding.UTF8.GetBytes("s3cret") }, new Approving());
            }
            catch (EngineException e) when (e.ErrorId == "InvalidEntraTenantId")
            {
                return; // refused with an id: what the admin should see
            }
            // Accepted: then using it must at least fail as an Entra failure, not as an unexpected ArgumentException.
            var result = service.Test("contoso");
            Assert.NotNull(result.Error);
        }

        private sealed class Approving : IChangeReview
        {
            public void Warn(string message) { }
            public bool Approve(string target, string action) => true;
        }
    }
}
#endif
