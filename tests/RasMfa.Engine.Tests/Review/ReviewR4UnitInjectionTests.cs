using System.Linq;
using RasMfa.Engine.Hosting.Service;
using RasMfa.Engine.Security.Unix;
using Xunit;

namespace RasMfa.Engine.Tests.Review
{
    /// <summary>
    /// Review R4: systemd ends a unit's line at a carriage return as well as at a line feed (fileio.c read_line), so a store
    /// path or RASMFA_CONFIG value holding "\r" must not reach rasmfa.service bare: it would add a directive root never wrote.
    /// </summary>
    public sealed class ReviewR4UnitInjectionTests
    {
        private static SystemdUnit Unit()
        {
            var unit = new SystemdUnit { DotnetPath = "/usr/share/dotnet/dotnet", ServiceDll = "/opt/rasmfa/service/x/RasMfa.Service.dll", User = "rasmfa", Port = 1812 };
            unit.WritablePaths.Add("/var/lib/rasmfa");
            return unit;
        }

        // The unit's lines as systemd splits them; a unit refused (ServiceUnitValueInvalid) has none.
        private static string[] SystemdLines(SystemdUnit unit)
        {
            string text;
            try
            {
                text = unit.Render();
            }
            catch (RasMfa.Engine.Administration.EngineException e) when (e.ErrorId == SystemdUnit.ValueInvalidErrorId)
            {
                return new string[0];
            }
            return text.Split('\n', '\r').Select(l => l.Trim()).ToArray();
        }

        [Fact]
        public void A_carriage_return_in_the_store_path_adds_no_directive_to_the_unit()
        {
            var unit = Unit();
            unit.Environment["RASMFA_DATABASE"] = "/srv/x.db\rExecStartPre=+/bin/sh -c id";
            unit.WritablePaths.Add("/srv\rUser=root");
            var lines = SystemdLines(unit);
            Assert.DoesNotContain(lines, l => l.StartsWith("ExecStartPre=", System.StringComparison.Ordinal));
            Assert.DoesNotContain(lines, l => l == "User=root");
        }

        [Fact]
        public void A_carriage_return_in_the_dotnet_path_adds_no_directive_to_the_unit()
        {
            var unit = Unit();
            unit.DotnetPath = "/usr/share/dotnet\rUser=root\r/dotnet";
            Assert.DoesNotContain(SystemdLines(unit), l => l == "User=root");
        }

        [Fact]
        public void Sessions_read_the_same_service_user_from_the_unit_as_systemd_does()
        {
            // systemd takes "User=mallory" from a line ended by a carriage return; the session must not trust another account.
            var unit = "[Service]\nType=notify\nUser=rasmfa\nEnvironment=\"A=b\"\rUser=mallory\n";
            Assert.Equal("mallory", InstalledServiceUser.UserOf(unit));
        }
    }
}
