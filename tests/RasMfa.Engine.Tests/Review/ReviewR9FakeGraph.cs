#if NET
using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using RasMfa.Engine.Administration;
using RasMfa.Engine.Entra;
using RasMfa.Engine.Storage;

namespace RasMfa.Engine.Tests.Review
{
    /// <summary>Review R9: a store and an in-memory Graph whose group members a test chooses (no HTTP: the engine's import rules only).</summary>
    internal sealed class ReviewR9FakeGraph : IEntraGraph, IEntraGraphFactory, IDisposable
    {
        private readonly string _folder = Path.Combine(Path.GetTempPath(), "rasmfa-r9-" + Guid.NewGuid().ToString("N"));

        public ReviewR9FakeGraph()
        {
            Store = new SqliteStore(Path.Combine(_folder, "rasmfa.db"));
        }

        public SqliteStore Store { get; }
        public List<EntraUser> Members { get; } = new List<EntraUser>();
        public Dictionary<string, string> PhoneMethods { get; } = new Dictionary<string, string>();
        public Review Admin { get; } = new Review();

        public EntraUserImport Import => new EntraUserImport(Store.EntraTenants, Store.Directories, Store.Users, () => this);

        public void AddTenant(string name = "contoso") =>
            new EntraTenantService(Store.EntraTenants, Store.Directories, () => this).Add(name,
                new EntraTenantChanges { TenantId = "contoso.onmicrosoft.com", ClientId = Guid.NewGuid().ToString(), ClientSecret = Encoding.UTF8.GetBytes("s3cret") }, Admin);

        public IEntraGraph Open(EntraConnection connection) => this;
        public IReadOnlyList<string> GrantedRoles() => new string[0];
        public string ReadOrganizationId() => "org";
        public string FindGroup(string nameOrId) => "11111111-1111-1111-1111-111111111111";
        public IReadOnlyList<EntraUser> TransitiveUsers(string groupId) => Members.ToList();
        public string? MobilePhoneMethod(string userId) => PhoneMethods.TryGetValue(userId, out var phone) ? phone : null;
        public Task SendMailAsync(string mailbox, EntraMail mail, CancellationToken cancellationToken) => Task.CompletedTask;

        void IDisposable.Dispose() { }

        public void Close()
        {
            Store.Dispose();
            try { Directory.Delete(_folder, true); } catch (IOException) { }
        }

        internal sealed class Review : IChangeReview
        {
            public List<string> Warnings { get; } = new List<string>();
            public void Warn(string message) => Warnings.Add(message);
            public bool Approve(string target, string action) => true;
        }
    }
}
#endif
