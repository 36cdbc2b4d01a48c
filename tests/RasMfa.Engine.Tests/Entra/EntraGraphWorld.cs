using System;
using System.Collections.Generic;
using System.IO;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using RasMfa.Engine.Administration;
using RasMfa.Engine.Entra;
using RasMfa.Engine.Storage;
using RasMfa.EntraStub;
using RasMfa.Entra;

namespace RasMfa.Engine.Tests.Entra
{
    /// <summary>A store, the loopback stubs of the token endpoint and Graph, and the real Graph client pointed at them.</summary>
    internal sealed class EntraGraphWorld : IDisposable
    {
        private readonly string _folder = Path.Combine(Path.GetTempPath(), "rasmfa-entra-" + Guid.NewGuid().ToString("N"));

        public EntraGraphWorld(X509Certificate2? clientCertificate = null)
        {
            Store = new SqliteStore(Path.Combine(_folder, "rasmfa.db"));
            Scenario = new GraphScenario(clientCertificate);
            Server = new LoopbackHttpsServer(Scenario.Handle);
            TrustedCa = Server.Ca;
        }

        public SqliteStore Store { get; }
        public GraphScenario Scenario { get; }
        public LoopbackHttpsServer Server { get; }
        public string Folder => _folder;

        /// <summary>The CA the transport trusts: the stub's, unless a test says otherwise.</summary>
        public X509Certificate2? TrustedCa { get; set; }

        public Review Admin { get; } = new Review();

        /// <summary>The real factory (RasMfa.Entra over Microsoft.Graph and Azure.Identity), its hosts the stub's.</summary>
        public IEntraGraphFactory Graphs => new StubbedCloud(this);

        public EntraTenantService Tenants => new EntraTenantService(Store.EntraTenants, Store.Directories, () => Graphs);

        public EntraUserImport Import => new EntraUserImport(Store.EntraTenants, Store.Directories, Store.Users, () => Graphs);

        public EntraUserSync Sync => new EntraUserSync(Store.EntraTenants, Store.Directories, Store.Users, () => Graphs);

        public EntraTenantDefinition AddTenant(string name = "contoso") =>
            Tenants.Add(name, new EntraTenantChanges { TenantId = GraphScenario.TenantId, ClientId = GraphScenario.ClientId, ClientSecret = Encoding.UTF8.GetBytes(GraphScenario.ClientSecret) }, Admin)!;

        public static X509Certificate2 ClientCertificate()
        {
            using var key = RSA.Create(2048);
            var request = new CertificateRequest("CN=RasMfa Entra application", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
            using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddDays(1));
            return new X509Certificate2(certificate.Export(X509ContentType.Pfx, "pfx-pass"), "pfx-pass", X509KeyStorageFlags.Exportable);
        }

        public void Dispose()
        {
            Server.Dispose();
            Store.Dispose();
            try { Directory.Delete(_folder, true); } catch (IOException) { }
        }

        internal sealed class Review : IChangeReview
        {
            public List<string> Warnings { get; } = new List<string>();
            public void Warn(string message) => Warnings.Add(message);
            public bool Approve(string target, string action) => true;
        }

        private sealed class StubbedCloud : IEntraGraphFactory
        {
            private readonly EntraGraphWorld _world;

            public StubbedCloud(EntraGraphWorld world) => _world = world;

            public IEntraGraph Open(EntraConnection connection) =>
                new GraphEntraFactory().Open(new EntraConnection(connection.Tenant, _world.Server.BaseAddress, _world.Server.BaseAddress)
                {
                    TrustedTestCa = _world.TrustedCa,
                    RetryDelaySeconds = 1,
                });
        }
    }
}
