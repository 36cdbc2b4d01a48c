using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using RasMfa.Engine.Hosting.Control;
using Xunit;

namespace RasMfa.Engine.Tests.Hosting.Control
{
    /// <summary>
    /// Where a listener puts its control socket and where clients look: never a folder someone else made or may write,
    /// so no one can plant a socket that a client would take for a listener, nor swap the listener's.
    /// </summary>
    public class UnixRuntimeFoldersTests
    {
        private const uint Alice = 1000;
        private const uint Mallory = 1001;
        private readonly Dictionary<string, FolderFacts> _paths = new Dictionary<string, FolderFacts>
        {
            ["/run"] = Folder(0, 0x1ED),          // 0755 root
            ["/tmp"] = Folder(0, 0x3FF),          // 1777 root
        };

        private static FolderFacts Folder(uint owner, int mode, bool link = false) => new FolderFacts(true, link, mode, owner);

        private UnixRuntimeFolders For(uint uid, string? xdg = null) => new UnixRuntimeFolders(uid, xdg,
            path => _paths.TryGetValue(path, out var facts) ? facts : (FolderFacts?)null,
            path =>
            {
                if (_paths.ContainsKey(path)) return false;
                _paths[path] = Folder(uid, 0x1C0);
                return true;
            },
            parent => _paths.Keys.Where(p => p.StartsWith(parent + "/", StringComparison.Ordinal) && p.IndexOf('/', parent.Length + 1) < 0).ToList());

        [Fact]
        public void Root_makes_and_uses_the_system_folder()
        {
            Assert.Equal("/run/rasmfa", For(0).ForListener());
            Assert.Equal(0x1C0, _paths["/run/rasmfa"].Mode);
        }

        [Fact]
        public void A_user_without_a_runtime_folder_gets_a_folder_of_their_own_in_tmp()
        {
            Assert.Equal("/tmp/rasmfa-1000", For(Alice).ForListener());
            Assert.Equal(Alice, _paths["/tmp/rasmfa-1000"].Owner);
            Assert.False(_paths.ContainsKey("/run/rasmfa"));
        }

        [Fact]
        public void A_user_with_XDG_RUNTIME_DIR_uses_it()
        {
            _paths["/run/user/1000"] = Folder(Alice, 0x1C0);
            Assert.Equal("/run/user/1000/rasmfa", For(Alice, "/run/user/1000").ForListener());
        }

        [Fact]
        public void Never_uses_a_tmp_folder_someone_else_made_first()
        {
            _paths["/tmp/rasmfa-1000"] = Folder(Mallory, 0x1C0);
            var refused = Assert.Throws<IOException>(() => For(Alice).ForListener());
            Assert.Contains("/tmp/rasmfa-1000 is owned by user id 1001", refused.Message);
        }

        [Theory]
        [InlineData(0x1ED)] // 0755: others may list it
        [InlineData(0x1FF)] // 0777
        public void Never_uses_a_tmp_folder_open_to_others(int mode)
        {
            _paths["/tmp/rasmfa-1000"] = Folder(Alice, mode);
            Assert.Throws<IOException>(() => For(Alice).ForListener());
        }

        [Fact]
        public void Never_uses_a_link_in_place_of_the_folder()
        {
            _paths["/tmp/rasmfa-1000"] = Folder(Alice, 0x1C0, link: true);
            Assert.Throws<IOException>(() => For(Alice).ForListener());
        }

        [Fact]
        public void Root_never_uses_a_system_folder_another_user_may_write()
        {
            _paths["/run/rasmfa"] = Folder(0, 0x1FF);
            Assert.Equal("/tmp/rasmfa-0", For(0).ForListener());
        }

        [Fact]
        public void A_service_account_uses_the_system_folder_its_manager_made_for_it()
        {
            _paths["/run/rasmfa"] = Folder(Alice, 0x1ED);
            Assert.Equal("/run/rasmfa", For(Alice).ForListener());
        }

        [Fact]
        public void A_user_looks_in_their_own_folders_and_the_system_folder_but_not_in_another_user_s()
        {
            _paths["/run/rasmfa"] = Folder(0, 0x1C0);
            _paths["/tmp/rasmfa-1000"] = Folder(Alice, 0x1C0);
            _paths["/tmp/rasmfa-1001"] = Folder(Mallory, 0x1C0);
            Assert.Equal(new[] { "/run/rasmfa", "/tmp/rasmfa-1000" }, For(Alice).ToSearch());
        }

        [Fact]
        public void Root_looks_in_every_user_s_folder_that_its_user_owns()
        {
            _paths["/run/rasmfa"] = Folder(0, 0x1C0);
            _paths["/tmp/rasmfa-1000"] = Folder(Alice, 0x1C0);
            _paths["/tmp/rasmfa-1002"] = Folder(Mallory, 0x1C0);   // named for someone else: a plant
            _paths["/run/user/1001"] = Folder(Mallory, 0x1C0);
            _paths["/run/user/1001/rasmfa"] = Folder(Mallory, 0x1C0);
            Assert.Equal(new[] { "/run/rasmfa", "/tmp/rasmfa-1000", "/run/user/1001/rasmfa" }, For(0).ToSearch());
        }

        [Fact]
        public void A_client_skips_a_system_folder_others_may_write()
        {
            _paths["/run/rasmfa"] = Folder(0, 0x1FF);
            Assert.Empty(For(Alice).ToSearch());
        }
    }
}
