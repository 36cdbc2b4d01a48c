using System;
using System.Text;
using RasMfa.Engine.Administration;
using RasMfa.Engine.Clients;
using RasMfa.Engine.Directories;
using RasMfa.Engine.FirstFactors;
using Xunit;

namespace RasMfa.Engine.Tests.Administration
{
    /// <summary>
    /// Names an admin gives (a RADIUS client's, an upstream server's, a directory's) go into log lines and onto consoles:
    /// one with a line break, an ANSI escape or a bidi override is refused when given, whichever way, with an error id.
    /// </summary>
    public sealed class AdministeredNameTests : IDisposable
    {
        private const string Forged = "vpn\n<0>RasMfa.Mfa[2000] Accept mallory";
        private readonly TemporaryStore _temporary = new TemporaryStore();

        public void Dispose() => _temporary.Dispose();

        private static EngineException Refusal(Action action) => Assert.IsType<EngineException>(Record.Exception(action));

        [Fact]
        public void A_client_cannot_be_renamed_to_a_name_with_a_line_break_and_keeps_its_name()
        {
            var clients = new ClientService(_temporary.Store.Clients);
            clients.Add("ras", new ClientChanges { Address = "10.0.0.21", SharedSecret = Encoding.UTF8.GetBytes("a-shared-secret-for-tests") }, new RecordingReview());

            var refused = Refusal(() => clients.Change("ras", new ClientChanges { NewName = Forged }, new RecordingReview()));

            Assert.Equal((EngineErrorKind.InvalidArgument, "InvalidRadiusClientName"), (refused.Kind, refused.ErrorId));
            Assert.DoesNotContain("\n", refused.Message);
            Assert.NotNull(_temporary.Store.Clients.Get("ras"));
        }

        [Theory]
        [InlineData("nps\u001b[2K")]
        [InlineData("nps\u202e1")]
        [InlineData(" nps")]
        public void An_upstream_server_name_with_control_or_bidi_characters_is_refused(string name)
        {
            var servers = new UpstreamServerService(_temporary.Store.UpstreamServers);

            var refused = Refusal(() => servers.Add(name, new UpstreamServerChanges { Address = "127.0.0.1", SharedSecret = Encoding.UTF8.GetBytes("secret-for-tests") }, new RecordingReview()));

            Assert.Equal((EngineErrorKind.InvalidArgument, "InvalidUpstreamRadiusServerName"), (refused.Kind, refused.ErrorId));
            Assert.Empty(servers.List());
        }

        [Fact]
        public void A_directory_name_with_a_line_break_is_refused_and_a_plain_one_with_spaces_and_accents_is_kept()
        {
            var directories = new DirectoryService(_temporary.Store.Directories, _temporary.Store.Users);
            DirectoryChanges Settings() => new DirectoryChanges { Type = DirectoryType.Ldap, Servers = new[] { "ldap1.example" } };

            var refused = Refusal(() => directories.Add(Forged, Settings(), new RecordingReview()));
            directories.Add("Société corp", Settings(), new RecordingReview());

            Assert.Equal((EngineErrorKind.InvalidArgument, "InvalidDirectoryName"), (refused.Kind, refused.ErrorId));
            Assert.Equal("Société corp", Assert.Single(directories.List()).Name);
        }
    }
}
