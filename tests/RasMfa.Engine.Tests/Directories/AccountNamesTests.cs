using System;
using RasMfa.Engine.Directories;
using Xunit;

namespace RasMfa.Engine.Tests.Directories
{
    /// <summary>The names under which Active Directory takes one account, from its entry.</summary>
    public sealed class AccountNamesTests
    {
        [Fact]
        public void An_AD_account_is_known_by_every_name_a_bind_or_the_search_takes()
        {
            var guid = new Guid("6f9619ff-8b86-d011-b42d-00c04fc964ff");
            var account = AccountNames.ForActiveDirectory("CN=Smith\\, Alice,OU=Staff,DC=corp,DC=example", "alice.smith@corp.example", "asmith", guid, "CORP");
            Assert.True(account.IsIdentified);
            Assert.Equal(new[]
            {
                "alice.smith@corp.example", "alice.smith", "CN=Smith\\, Alice,OU=Staff,DC=corp,DC=example", "asmith", "CORP\\asmith",
                "corp.example\\asmith", "asmith@corp.example", "6f9619ff-8b86-d011-b42d-00c04fc964ff",
            }, account.Names);
            Assert.Equal("CN=Smith\\, Alice,OU=Staff,DC=corp,DC=example", account.Description);
        }

        [Theory]
        [InlineData(null, "bob")]
        [InlineData("CORP", null)]
        public void Without_the_NetBIOS_name_or_the_sAMAccountName_the_account_is_not_identified(string? netBios, string? sam)
        {
            // The name DOMAIN\sam, which users are stored under, would be missing: a user stored so would pass as unknown.
            var account = AccountNames.ForActiveDirectory("CN=Bob,DC=corp,DC=example", "bob@corp.example", sam, null, netBios);
            Assert.False(account.IsIdentified);
            Assert.Empty(account.Names);
        }

        [Theory]
        [InlineData("CN=Alice,OU=Staff,DC=corp,DC=example", "corp.example", "DC=corp,DC=example")]
        [InlineData("cn=alice, dc=Example , dc=org", "Example.org", "dc=Example,dc=org")]
        [InlineData("CN=Alice,O=Corp", null, null)]
        [InlineData("CN=Smith\\, DC=evil,OU=Staff,DC=corp,DC=example", "corp.example", "DC=corp,DC=example")]
        [InlineData("CN=\"Smith, DC=evil\",DC=corp,DC=example", "corp.example", "DC=corp,DC=example")]
        [InlineData("CN=Alice,DC=other,OU=Staff,DC=corp,DC=example", "corp.example", "DC=corp,DC=example")]
        [InlineData("CN=Alice,OU=Staff,DC=co\\,rp,DC=example", null, null)]
        public void The_domain_of_a_DN_is_read_from_its_DC_parts(string dn, string? dnsDomain, string? domainDn)
        {
            Assert.Equal(dnsDomain, AccountNames.DnsDomainOf(dn));
            Assert.Equal(domainDn, AccountNames.DomainDnOf(dn));
        }
    }
}
