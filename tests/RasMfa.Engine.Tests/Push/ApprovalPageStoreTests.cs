using System.Text;
using RasMfa.Engine.Push;
using RasMfa.Engine.Storage;
using RasMfa.Engine.Tests.Storage;
using Xunit;

namespace RasMfa.Engine.Tests.Push
{
    /// <summary>The approval page's setting row: the certificate password sealed at rest, one row, and what a page may not be.</summary>
    public sealed class ApprovalPageStoreTests
    {
        private static readonly byte[] Password = Encoding.UTF8.GetBytes("pfx-Passw0rd-9");

        [Theory]
        [ClassData(typeof(BothStores))]
        public void The_page_is_read_back_by_another_server_with_its_password_which_is_sealed_at_rest(StoreKind kind)
        {
            using var test = TestStore.Open(kind);
            test.Store.ApprovalPage.Set(new ApprovalPageDefinition("0.0.0.0", 8443, "https://mfa.corp.example/", "/etc/rasmfa/page.pfx", Password));
            test.Store.ApprovalPage.Set(new ApprovalPageDefinition("0.0.0.0", 9443, "https://mfa.corp.example/", "/etc/rasmfa/page.pfx", Password));

            var read = test.OpenAnother().ApprovalPage.Get()!;

            Assert.Equal(9443, read.Port);
            Assert.Equal("/etc/rasmfa/page.pfx", read.CertificatePath);
            Assert.Equal(Password, read.CertificatePassword);
            Assert.Null(read.Unreadable);
            Assert.Equal(0, test.Execute("UPDATE approval_page SET port = port WHERE certificate_password = @clear", ("@clear", Password)));
            Assert.Equal(1, test.Execute("UPDATE approval_page SET port = port"));
            Assert.True(test.Store.ApprovalPage.Remove());
            Assert.Null(test.Store.ApprovalPage.Get());
        }

        [Theory]
        [InlineData("0.0.0.0", 8443, "https://mfa.example/", null, "loopback")]
        [InlineData("127.0.0.1", 8443, "http://mfa.example/", null, "https")]
        [InlineData("127.0.0.1", 0, "https://mfa.example/", null, "Port")]
        [InlineData("mfa.example", 8443, "https://mfa.example/", "/x.pfx", "IP address")]
        public void A_page_that_cannot_be_served_safely_is_refused(string address, int port, string url, string? pfx, string reason)
        {
            var problem = new ApprovalPageDefinition(address, port, url, pfx, null).Invalidity();

            Assert.NotNull(problem);
            Assert.Contains(reason, problem);
        }
    }
}
