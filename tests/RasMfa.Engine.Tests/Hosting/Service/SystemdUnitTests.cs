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

        [Fact]
        public void Sessions_read_the_service_user_from_the_unit_and_passwd()
        {
            var unit = "[Unit]\nDescription=x\nUser=nobody\n[Service]\nType=notify\nUser=rasmfa\n";
            Assert.Equal("rasmfa", InstalledServiceUser.UserOf(unit));
            Assert.Null(InstalledServiceUser.UserOf("[Unit]\nUser=rasmfa\n"));
            Assert.Equal(998u, InstalledServiceUser.UidOf("root:x:0:0::/root:/bin/bash\nrasmfa:x:998:998::/nonexistent:/usr/sbin/nologin\n", "rasmfa"));
            Assert.Null(InstalledServiceUser.UidOf("root:x:0:0::/root:/bin/bash\n", "rasmfa"));
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
