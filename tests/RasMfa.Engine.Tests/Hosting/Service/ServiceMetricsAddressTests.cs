using System.Linq;
using System.Net;
using RasMfa.Engine.Hosting.Service;
using Xunit;

namespace RasMfa.Engine.Tests.Hosting.Service
{
    /// <summary>Install-RasMfaService -MetricsAddress: the address the service's metrics and health endpoint is served on, in the unit and the Windows definition.</summary>
    public class ServiceMetricsAddressTests
    {
        private const string Exe = @"C:\Program Files\RasMfa\service\0.1.0-0123456789abcdef\RasMfa.Service.exe";

        private static string ExecStart(IPEndPoint? metrics)
        {
            var unit = new SystemdUnit { DotnetPath = "/usr/bin/dotnet", ServiceDll = "/opt/rasmfa/service/x/RasMfa.Service.dll", User = "rasmfa", Port = 1812, MetricsAddress = metrics };
            return unit.Render().Split('\n').Select(l => l.Trim()).Single(l => l.StartsWith("ExecStart=", System.StringComparison.Ordinal));
        }

        [Fact]
        public void The_default_address_leaves_the_unit_as_it_was_so_an_earlier_install_reads_as_unchanged()
        {
            Assert.Equal("ExecStart=\"/usr/bin/dotnet\" \"/opt/rasmfa/service/x/RasMfa.Service.dll\" \"--port\" \"1812\"",
                ExecStart(new IPEndPoint(IPAddress.Loopback, 9812)));
        }

        [Fact]
        public void The_unit_passes_an_address_the_admin_chose_to_the_host()
        {
            Assert.EndsWith("\"--port\" \"1812\" \"--metrics-address\" \"10.0.0.5:9900\"", ExecStart(new IPEndPoint(IPAddress.Parse("10.0.0.5"), 9900)));
            Assert.EndsWith("\"--metrics-address\" \"[::1]:9812\"", ExecStart(new IPEndPoint(IPAddress.IPv6Loopback, 9812)));
        }

        [Fact]
        public void No_metrics_address_turns_the_endpoint_off_in_the_unit()
        {
            Assert.EndsWith("\"--metrics-address\" \"off\"", ExecStart(null));
        }

        [Fact]
        public void The_Windows_binary_path_carries_the_address_and_the_URL_reservation_follows_it()
        {
            var chosen = new WindowsServiceDefinition(Exe, 1812, new string[0], ServiceStartupType.Automatic, null, false, new IPEndPoint(IPAddress.Parse("10.0.0.5"), 9900));
            Assert.Equal("\"" + Exe + "\" --port 1812 --metrics-address 10.0.0.5:9900", chosen.BinaryPath);
            Assert.Equal("http://10.0.0.5:9900/", chosen.MetricsUrl);

            var byDefault = new WindowsServiceDefinition(Exe, 1812, new string[0], ServiceStartupType.Automatic, null, false, new IPEndPoint(IPAddress.Loopback, 9812));
            Assert.Equal("\"" + Exe + "\" --port 1812", byDefault.BinaryPath);
            Assert.Equal(WindowsMetricsReservation.Url, byDefault.MetricsUrl);

            var none = new WindowsServiceDefinition(Exe, 1812, new string[0], ServiceStartupType.Automatic, null, false, null);
            Assert.Equal("\"" + Exe + "\" --port 1812 --metrics-address off", none.BinaryPath);
            Assert.Null(none.MetricsUrl);
        }

        [Fact]
        public void The_reservation_removed_on_replace_or_uninstall_is_the_installed_services_own()
        {
            string Query(string binaryPath) => "SERVICE_NAME: RasMfa\r\n        TYPE               : 10  WIN32_OWN_PROCESS\r\n        BINARY_PATH_NAME   : " + binaryPath + "\r\n";
            Assert.Equal(WindowsMetricsReservation.Url, WindowsMetricsReservation.InstalledUrl(Query("\"" + Exe + "\" --port 1812")));
            Assert.Equal("http://10.0.0.5:9900/", WindowsMetricsReservation.InstalledUrl(Query("\"" + Exe + "\" --port 1812 --metrics-address 10.0.0.5:9900")));
            Assert.Equal("http://[::1]:9812/", WindowsMetricsReservation.InstalledUrl(Query("\"" + Exe + "\" --port 1812 --metrics-address [::1]:9812")));
            Assert.Null(WindowsMetricsReservation.InstalledUrl(Query("\"" + Exe + "\" --port 1812 --metrics-address off")));
        }
    }
}
