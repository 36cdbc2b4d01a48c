using System;
using System.Linq;
using RasMfa.Engine.Administration;
using RasMfa.Engine.Hosting.Service;
using Xunit;

namespace RasMfa.Engine.Tests.Hosting.Service
{
    /// <summary>The Windows service definition Install-RasMfaService builds (run on Windows only; its definition is checked here).</summary>
    public class WindowsServiceDefinitionTests
    {
        private const string Exe = @"C:\Program Files\RasMfa\service\0.1.0-0123456789abcdef\RasMfa.Service.exe";

        [Fact]
        public void The_service_account_gets_the_metrics_address_the_service_serves_by_default_reserved_by_its_SID()
        {
            // The virtual account is no administrator: http.sys lets it listen only on a prefix reserved for it, the one the
            // endpoint registers (http://127.0.0.1:9812/), with the listen right (GX).
            var sid = RasMfa.Engine.Security.Platform.StorePlatforms.RasMfaServiceSid;
            var reserve = WindowsMetricsReservation.Reserve(new WindowsServiceDefinition(Exe, 1812, new string[0], ServiceStartupType.Automatic, null, hasPassword: false).MetricsUrl!, sid);
            Assert.Equal("netsh.exe", reserve.Program);
            Assert.Equal(new[] { "http", "add", "urlacl", "url=http://127.0.0.1:9812/", $"sddl=D:(A;;GX;;;{sid})" }, reserve.Arguments);
            Assert.Equal(new[] { "http", "delete", "urlacl", "url=http://127.0.0.1:9812/" }, WindowsMetricsReservation.Remove(WindowsMetricsReservation.Url).Arguments);
        }

        [Fact]
        public void The_binary_path_quotes_an_exe_whose_path_has_spaces_so_that_CProgram_exe_cannot_run_instead()
        {
            var definition = new WindowsServiceDefinition(Exe, 1812, new[] { "10.0.0.1", "10.0.0.2" }, ServiceStartupType.Automatic, null, hasPassword: false);
            Assert.Equal("\"" + Exe + "\" --port 1812 --address 10.0.0.1,10.0.0.2", definition.BinaryPath);
        }

        [Fact]
        public void Quoting_keeps_backslashes_and_quotes_as_CommandLineToArgvW_reads_them()
        {
            Assert.Equal(@"""C:\a b\\""", WindowsCommandLine.Quote(@"C:\a b\"));
            Assert.Equal(@"""say \""hi\"" \\\""x""", WindowsCommandLine.Quote(@"say ""hi"" \""x"));
            Assert.Equal(@"""""", WindowsCommandLine.Quote(""));
        }

        [Fact]
        public void By_default_it_runs_as_the_virtual_account_whose_SID_the_store_trusts()
        {
            var definition = new WindowsServiceDefinition(Exe, 1812, new string[0], ServiceStartupType.Automatic, null, hasPassword: false);
            Assert.Equal(@"NT SERVICE\RasMfa", definition.Account);
            Assert.Equal(RasMfa.Engine.Security.Platform.StorePlatforms.RasMfaServiceSid, definition.KnownSid);
            var create = definition.Commands(exists: false)[0];
            Assert.Equal(new[] { "create", "RasMfa", "binPath=", definition.BinaryPath, "start=", "auto", "DisplayName=", WindowsServiceDefinition.DisplayName, "obj=", @"NT SERVICE\RasMfa" }, create.Arguments);
        }

        [Fact]
        public void The_virtual_account_SID_is_the_one_Windows_computes()
        {
            // NT SERVICE\TrustedInstaller's SID, as every Windows machine shows it.
            Assert.Equal("S-1-5-80-956008885-3418522649-1831038044-1853292631-2271478464", WindowsServiceSid.Of("TrustedInstaller"));
        }

        [Fact]
        public void A_gMSA_needs_no_password_and_an_ordinary_account_must_come_with_one()
        {
            var managed = new WindowsServiceDefinition(Exe, 1812, new string[0], ServiceStartupType.Manual, @"CONTOSO\rasmfa-gmsa$", hasPassword: false);
            Assert.Equal(@"CONTOSO\rasmfa-gmsa$", managed.Account);
            Assert.Null(managed.KnownSid);
            Assert.Contains("demand", managed.Commands(exists: true)[0].Arguments);
            Assert.Equal("config", managed.Commands(exists: true)[0].Arguments[0]);
            var refused = Assert.Throws<EngineException>(() => new WindowsServiceDefinition(Exe, 1812, new string[0], ServiceStartupType.Manual, @"CONTOSO\svc-rasmfa", hasPassword: false));
            Assert.Equal("ServiceAccountInvalid", refused.ErrorId);
            var withPassword = new WindowsServiceDefinition(Exe, 1812, new string[0], ServiceStartupType.Manual, @"CONTOSO\svc-rasmfa", hasPassword: true);
            Assert.DoesNotContain(withPassword.Commands(exists: false).SelectMany(c => c.Arguments), a => a.StartsWith("password", StringComparison.OrdinalIgnoreCase));
        }

        [Fact]
        public void It_restarts_on_failure_and_counts_an_exit_code_as_one()
        {
            var commands = new WindowsServiceDefinition(Exe, 1812, new string[0], ServiceStartupType.Automatic, null, hasPassword: false).Commands(exists: false);
            Assert.Contains(commands, c => c.Arguments.SequenceEqual(new[] { "failure", "RasMfa", "reset=", "86400", "actions=", "restart/5000/restart/5000/restart/60000" }));
            Assert.Contains(commands, c => c.Arguments.SequenceEqual(new[] { "failureflag", "RasMfa", "1" }));
        }

        [Fact]
        public void It_knows_an_installed_definition_from_sc_qc()
        {
            var definition = new WindowsServiceDefinition(Exe, 1812, new string[0], ServiceStartupType.Automatic, null, hasPassword: false);
            var query = "[SC] QueryServiceConfig SUCCESS\r\n\r\nSERVICE_NAME: RasMfa\r\n        TYPE               : 10  WIN32_OWN_PROCESS\r\n" +
                        "        START_TYPE         : 2   AUTO_START\r\n        BINARY_PATH_NAME   : " + definition.BinaryPath + "\r\n" +
                        "        SERVICE_START_NAME : NT SERVICE\\RasMfa\r\n";
            Assert.True(definition.Matches(query));
            Assert.False(definition.Matches(query.Replace("2   AUTO_START", "3   DEMAND_START")));
            Assert.False(definition.Matches(query.Replace("--port 1812", "--port 1645")));
        }
    }
}
