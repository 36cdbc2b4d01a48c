using System.Linq;
using RasMfa.Engine.Hosting.Service;
using RasMfa.Engine.Security.Unix;
using Xunit;

namespace RasMfa.Engine.Tests.Hosting.Service
{
    public class SystemdUnitTests
    {
        [Fact]
        public void Words_are_quoted_so_that_systemd_expands_no_specifier_or_variable()
        {
            Assert.Equal("\"/opt/a b/%%h$$HOME\\\"x\\\\\"", SystemdUnit.Quote("/opt/a b/%h$HOME\"x\\", commandLine: true));
            Assert.Equal("\"RASMFA_DATABASE=/srv/50%%/$x\"", SystemdUnit.Quote("RASMFA_DATABASE=/srv/50%/$x", commandLine: false));
        }

        [Fact]
        public void The_unit_is_notify_hardened_and_does_not_restart_on_a_bad_setting()
        {
            var unit = new SystemdUnit { DotnetPath = "/usr/share/dotnet/dotnet", ServiceDll = "/opt/rasmfa/service/x/RasMfa.Service.dll", User = "rasmfa", Port = 1812 };
            unit.WritablePaths.Add("/var/lib/rasmfa");
            var lines = unit.Render().Split('\n').Select(l => l.Trim()).ToList();
            foreach (var expected in new[] { "Type=notify", "User=rasmfa", "NoNewPrivileges=yes", "ProtectSystem=strict", "ReadWritePaths=\"/var/lib/rasmfa\"", "PrivateTmp=yes", "RuntimeDirectory=rasmfa", "RuntimeDirectoryMode=0700",
                         "ProtectHome=yes", "CapabilityBoundingSet=CAP_NET_BIND_SERVICE", "AmbientCapabilities=CAP_NET_BIND_SERVICE",
                         "RestrictAddressFamilies=AF_INET AF_INET6 AF_UNIX", "Restart=on-failure", "RestartPreventExitStatus=2", "TimeoutStopSec=45" })
                Assert.Contains(expected, lines);
            Assert.Contains("ExecStart=\"/usr/share/dotnet/dotnet\" \"/opt/rasmfa/service/x/RasMfa.Service.dll\" \"--port\" \"1812\"", lines);
        }

        [Theory]
        [InlineData("dotnet", "\r")]
        [InlineData("dll", "\n")]
        [InlineData("user", "\r")]
        [InlineData("environment", "\r")]
        [InlineData("environment", "\u0000")]
        [InlineData("environment", "\u0085")]
        [InlineData("writable", "\u000B")]
        [InlineData("address", "\r")]
        public void A_control_character_in_any_value_is_refused_with_an_id(string where, string control)
        {
            var unit = new SystemdUnit { DotnetPath = "/usr/share/dotnet/dotnet", ServiceDll = "/opt/rasmfa/service/x/RasMfa.Service.dll", User = "rasmfa", Port = 1812 };
            var bad = "/srv/a" + control + "User=root";
            switch (where)
            {
                case "dotnet": unit.DotnetPath = bad; break;
                case "dll": unit.ServiceDll = bad; break;
                case "user": unit.User = "rasmfa" + control + "ExecStartPre=+/bin/id"; break;
                case "environment": unit.Environment["RASMFA_DATABASE"] = bad; break;
                case "writable": unit.WritablePaths.Add(bad); break;
                case "address": unit.Addresses.Add("127.0.0.1" + control); break;
            }
            var refusal = Assert.Throws<RasMfa.Engine.Administration.EngineException>(() => unit.Render());
            Assert.Equal(SystemdUnit.ValueInvalidErrorId, refusal.ErrorId);
        }

        [Fact]
        public void A_quoted_word_carries_no_raw_control_character()
        {
            Assert.Equal("\"a\\rb\\x0bc\\u0085\"", SystemdUnit.Quote("a\rb\u000Bc\u0085", commandLine: false));
        }

        [Fact]
        public void Sessions_trust_no_user_of_a_unit_holding_a_carriage_return()
        {
            Assert.Equal("rasmfa", InstalledServiceUser.TrustedUserOf("[Service]\nType=notify\nUser=rasmfa\n"));
            Assert.Null(InstalledServiceUser.TrustedUserOf("[Service]\nType=notify\nUser=rasmfa\r\n"));
            Assert.Null(InstalledServiceUser.TrustedUserOf("[Service]\nUser=rasmfa\nEnvironment=\"A=b\"\rUser=mallory\n"));
        }

        [Fact]
        public void Sessions_read_the_service_user_from_the_unit_and_passwd()
        {
            var unit = "[Unit]\nDescription=x\nUser=nobody\n[Service]\nType=notify\nUser=rasmfa\n";
            Assert.Equal("rasmfa", InstalledServiceUser.UserOf(unit));
            Assert.Null(InstalledServiceUser.UserOf("[Unit]\nUser=rasmfa\n"));
            Assert.Equal(998u, InstalledServiceUser.UidOf("root:x:0:0::/root:/bin/bash\nrasmfa:x:998:998::/nonexistent:/usr/sbin/nologin\n", "rasmfa"));
            Assert.Null(InstalledServiceUser.UidOf("root:x:0:0::/root:/bin/bash\n", "rasmfa"));
        }

        [Theory]
        [InlineData("[Service]\nUser=rasmfa\nEnvironment=\"A=b\" \\\nUser=mallory\n", "rasmfa")]
        [InlineData("[Service]\nUser=rasmfa\nEnvironment=\"A=b\" \\\n# a comment between continued lines is skipped\nUser=mallory\n", "rasmfa")]
        [InlineData("[Service]\nUser=\\\n  rasmfa\n", "rasmfa")]
        [InlineData("[Unit]\nDescription=x \\\n[Service]\nUser=mallory\n", null)]
        [InlineData("[Service]\nUser=mallory\nEnvironment=\"A=b\\\\\"\nUser=rasmfa\n", "rasmfa")]
        [InlineData("[Service]\nUser=rasmfa\n# a comment ending in a backslash continues nothing \\\nUser=other\n", "other")]
        public void Sessions_join_lines_ending_in_a_backslash_as_systemd_does(string unit, string? user)
        {
            // The unit decides whose files the store may be: a User= line systemd reads as part of another line is no user.
            Assert.Equal(user, InstalledServiceUser.TrustedUserOf(unit));
        }

        [Fact]
        public void A_store_owned_by_the_service_user_is_accepted_and_one_owned_by_another_user_is_not()
        {
            var status = new UnixFileStatus(0x1C0, 998);
            Assert.Empty(UnixAccessVerdict.Judge("/var/lib/rasmfa", RasMfa.Engine.Security.StoreItem.Folder, status, currentUid: 0, serviceUid: 998));
            Assert.NotEmpty(UnixAccessVerdict.Judge("/var/lib/rasmfa", RasMfa.Engine.Security.StoreItem.Folder, status, currentUid: 0, serviceUid: null));
            Assert.NotEmpty(UnixAccessVerdict.Judge("/var/lib/rasmfa", RasMfa.Engine.Security.StoreItem.Folder, status, currentUid: 0, serviceUid: 999));
        }
    }
}
