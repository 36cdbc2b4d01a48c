using System;
using System.Linq;
using RasMfa.Engine.Security;
using RasMfa.Engine.Security.Windows;
using Xunit;

namespace RasMfa.Engine.Tests.Security
{
    public sealed class StoreAclBuilderTests
    {
        private const string ServiceSid = "S-1-5-80-3139157870-2983391045-3678747466-658725712-1809340420";

        [Fact]
        public void The_store_folder_is_owned_by_administrators_with_full_control_for_system_and_administrators_only_and_no_inheritance()
        {
            var folder = new StoreAclBuilder().BuildFolder();

            Assert.Equal(WellKnownSids.Administrators, folder.Owner);
            Assert.True(folder.IsProtected);
            Assert.Equal(new[] { WellKnownSids.System, WellKnownSids.Administrators }, folder.Entries.Select(e => e.Sid));
            Assert.All(folder.Entries, entry =>
            {
                Assert.True(entry.Allows);
                Assert.Equal(FileRights.FullControl, entry.Rights);
                Assert.True(entry.InheritedByChildren); // database, -wal, -shm and entropy file get the same entries
                Assert.False(entry.InheritOnly);
                Assert.False(entry.Inherited);
            });
            Assert.Equal("O:BAD:P(A;OICI;FA;;;SY)(A;OICI;FA;;;BA)", folder.ToSddl());
        }

        [Fact]
        public void A_service_account_sid_gets_full_control_too_and_is_trusted()
        {
            var builder = new StoreAclBuilder(new[] { ServiceSid });
            var folder = builder.BuildFolder();

            Assert.Equal($"O:BAD:P(A;OICI;FA;;;SY)(A;OICI;FA;;;BA)(A;OICI;FA;;;{ServiceSid})", folder.ToSddl());
            Assert.Contains(ServiceSid, builder.FullControlSids);
            Assert.Empty(WindowsAccessVerdict.Judge(@"C:\ProgramData\RasMfa", StoreItem.Folder, folder, builder.FullControlSids));
        }

        [Theory]
        [InlineData(@"NT SERVICE\RasMfa")]
        [InlineData("S-1-5")]
        [InlineData("S-1-5-80-12a")]
        [InlineData("")]
        public void A_service_account_that_is_not_a_sid_is_refused(string notASid)
        {
            Assert.Throws<ArgumentException>(() => new StoreAclBuilder(new[] { notASid }));
        }

        [Fact]
        public void A_service_sid_already_among_the_defaults_is_not_listed_twice()
        {
            Assert.Equal(2, new StoreAclBuilder(new[] { "s-1-5-18" }).FullControlSids.Count);
        }

        [Fact]
        public void The_folder_the_builder_makes_and_a_file_created_in_it_pass_the_verdict()
        {
            var builder = new StoreAclBuilder();
            var folder = builder.BuildFolder();
            var file = new SecurityDescriptor(WellKnownSids.Administrators, isProtected: false,
                folder.Entries.Select(e => new AclEntry(e.Sid, e.Allows, e.Rights, inherited: true)).ToList());

            Assert.Empty(WindowsAccessVerdict.Judge(@"C:\ProgramData\RasMfa", StoreItem.Folder, folder, builder.FullControlSids));
            Assert.Empty(WindowsAccessVerdict.Judge(@"C:\ProgramData\RasMfa\rasmfa.entropy", StoreItem.KeyFile, file, builder.FullControlSids));
        }
    }
}
