using System;
using System.Linq;
using System.Net;
using RasMfa.Engine.Radius;
using RasMfa.Engine.Radius.Dictionary;
using Xunit;

namespace RasMfa.Engine.Tests.Radius
{
    public class DictionaryTests
    {
        [Theory]
        [InlineData("User-Name", 0u, 1)]
        [InlineData("Acct-Session-Id", 0u, 44)]
        [InlineData("Message-Authenticator", 0u, 80)]
        [InlineData("NAS-IPv6-Address", 0u, 95)]
        [InlineData("Error-Cause", 0u, 101)]
        [InlineData("MS-CHAP2-Success", 311u, 26)]
        public void Built_in_dictionary_knows_standard_and_microsoft_attributes(string name, uint vendor, int type)
        {
            var definition = RadiusDictionary.Default.Find(name);
            Assert.NotNull(definition);
            Assert.Equal(vendor, definition!.VendorId);
            Assert.Equal(type, definition.Type);
        }

        [Fact]
        public void Describe_types_values_and_names_vendor_attributes()
        {
            var dictionary = RadiusDictionary.Default;
            Assert.Equal("Framed-User", dictionary.Describe(RadiusAttribute.FromInteger(6, 2)).Single().Value);
            Assert.Equal(IPAddress.Parse("192.0.2.1"), dictionary.Describe(RadiusAttribute.FromAddress(4, IPAddress.Parse("192.0.2.1"))).Single().Value);
            var vsa = new VendorSpecificAttribute(311, 28, IPAddress.Parse("10.0.0.53").GetAddressBytes()).ToAttribute();
            var described = dictionary.Describe(vsa).Single();
            Assert.Equal("MS-Primary-DNS-Server", described.Key);
            Assert.Equal(IPAddress.Parse("10.0.0.53"), described.Value);
            Assert.Equal("Vendor-9-Attr-1", dictionary.Describe(new VendorSpecificAttribute(9, 1, new byte[] { 1 }).ToAttribute()).Single().Key);
        }

        [Fact]
        public void An_admin_can_add_a_vendor_and_a_bad_line_names_its_place()
        {
            var dictionary = new RadiusDictionary();
            dictionary.Load("VENDOR Parallels 9999\nBEGIN-VENDOR Parallels\nATTRIBUTE Parallels-Group 1 text\nEND-VENDOR Parallels\n", "parallels.dict");
            Assert.Equal(9999u, dictionary.Find("Parallels-Group")!.VendorId);
            var error = Assert.Throws<FormatException>(() => dictionary.Load("ATTRIBUTE Broken 300 text\n", "bad.dict"));
            Assert.Contains("bad.dict line 1", error.Message);
            Assert.Throws<FormatException>(() => dictionary.Load("\n\nATTRIBUTE X 5 weird\n", "bad.dict"));
        }
    }
}
