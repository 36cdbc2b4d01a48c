#pragma warning disable CA1416 // the Windows installer runs here against a fake service manager: only the commands it builds are checked
using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using RasMfa.Engine.Administration;
using RasMfa.Engine.Hosting.Service;
using RasMfa.Engine.Tests.Administration;
using Xunit;

namespace RasMfa.Engine.Tests.Review
{
    /// <summary>
    /// Review R5: the URL reservation Install-RasMfaService makes for the service's metrics endpoint (netsh http add urlacl
    /// url=http://127.0.0.1:9812/). http.sys keeps one reservation per URL, whoever made it: another program's reservation of
    /// the same URL (an exporter that listens there, an admin's own) is deleted by Install (to make room) and by Uninstall,
    /// without asking whose it is, and that program can no longer listen. Checked through the seam the commands go through.
    /// </summary>
    public sealed class ReviewR5UrlReservationTests : IDisposable
    {
        private const string OtherProgramSid = "S-1-5-80-1111111111-2222222222-3333333333-4444444444-555555555";
        private readonly string _folder = Path.Combine(Path.GetTempPath(), "review-r5-" + Guid.NewGuid().ToString("N"));

        public ReviewR5UrlReservationTests()
        {
            var host = Path.Combine(_folder, "module", "service", "net472");
            Directory.CreateDirectory(host);
            File.WriteAllText(Path.Combine(host, "RasMfa.Service.exe"), "host");
        }

        public void Dispose() => Directory.Delete(_folder, recursive: true);

        private ServiceInstallRequest Request() =>
            new ServiceInstallRequest { ModuleFolder = Path.Combine(_folder, "module"), ProgramDirectory = Path.Combine(_folder, "program") };

        [Fact]
        public void Install_leaves_another_programs_reservation_of_the_metrics_url_in_place()
        {
            var windows = new FakeWindows(serviceExists: false);
            windows.Reservations[WindowsMetricsReservation.Url] = OtherProgramSid;

            try
            {
                new WindowsServiceInstaller(windows).Install(Request(), new RecordingReview());
            }
            catch (EngineException)
            {
                // Refusing, and saying whose reservation is in the way, is fine too.
            }

            Assert.True(windows.Reservations.TryGetValue(WindowsMetricsReservation.Url, out var owner) && owner == OtherProgramSid,
                $"Install deleted the reservation of {WindowsMetricsReservation.Url} that {OtherProgramSid} held; commands run: {windows.Shown()}");
        }

        [Fact]
        public void Uninstall_leaves_a_reservation_of_the_metrics_url_it_did_not_make()
        {
            var windows = new FakeWindows(serviceExists: true);
            windows.Reservations[WindowsMetricsReservation.Url] = OtherProgramSid;

            new WindowsServiceInstaller(windows).Uninstall(Path.Combine(_folder, "program"), new RecordingReview());

            Assert.True(windows.Reservations.ContainsKey(WindowsMetricsReservation.Url),
                $"Uninstall deleted the reservation of {WindowsMetricsReservation.Url} that {OtherProgramSid} held; commands run: {windows.Shown()}");
        }

        [Fact]
        public void Install_refuses_before_any_change_and_names_whose_reservation_is_in_the_way()
        {
            var windows = new FakeWindows(serviceExists: false);
            windows.Reservations[WindowsMetricsReservation.Url] = OtherProgramSid;

            var refused = Assert.IsType<EngineException>(Record.Exception(() => new WindowsServiceInstaller(windows).Install(Request(), new RecordingReview())));

            Assert.Equal((EngineErrorKind.Conflict, WindowsServiceInstaller.ReservedElsewhereErrorId), (refused.Kind, refused.ErrorId));
            Assert.Contains(OtherProgramSid, refused.Message);
            Assert.DoesNotContain(windows.Run, c => c.Program == "sc.exe" && c.Arguments[0] == "create");
            Assert.False(Directory.Exists(Path.Combine(_folder, "program")), "the program files were copied for a service that was not installed");
        }

        [Fact]
        public void Install_and_Uninstall_replace_and_remove_the_services_own_reservation()
        {
            var serviceSid = WindowsServiceSid.Of(WindowsServiceDefinition.ServiceName);
            var installing = new FakeWindows(serviceExists: false);
            installing.Reservations[WindowsMetricsReservation.Url] = serviceSid; // left by an earlier install

            new WindowsServiceInstaller(installing).Install(Request(), new RecordingReview());
            var removing = new FakeWindows(serviceExists: true);
            removing.Reservations[WindowsMetricsReservation.Url] = serviceSid;
            new WindowsServiceInstaller(removing).Uninstall(Path.Combine(_folder, "program"), new RecordingReview());

            Assert.Equal(serviceSid, installing.Reservations[WindowsMetricsReservation.Url]);
            Assert.Contains(installing.Run, c => c.Program == "netsh.exe" && c.Arguments[1] == "add");
            Assert.Empty(removing.Reservations);
        }

        [Fact]
        public void WhatIf_runs_no_netsh_at_install_or_uninstall()
        {
            var installing = new FakeWindows(serviceExists: false);
            new WindowsServiceInstaller(installing).Install(Request(), new RecordingReview(approve: false));
            var removing = new FakeWindows(serviceExists: true);
            new WindowsServiceInstaller(removing).Uninstall(Path.Combine(_folder, "program"), new RecordingReview(approve: false));

            Assert.DoesNotContain(installing.Run.Concat(removing.Run), c => c.Program == "netsh.exe");
        }

        /// <summary>sc.exe, net.exe, icacls, reg.exe succeed; netsh keeps http.sys's reservations as Windows does (one per URL; add refuses one that exists).</summary>
        private sealed class FakeWindows : IServiceManagerCommands
        {
            private readonly bool _serviceExists;

            public FakeWindows(bool serviceExists) => _serviceExists = serviceExists;

            public Dictionary<string, string> Reservations { get; } = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);

            public List<ServiceCommand> Run { get; } = new List<ServiceCommand>();

            public string Shown() => string.Join("; ", Run.Select(c => c.ToString()));

            ServiceCommandResult IServiceManagerCommands.Run(ServiceCommand command)
            {
                Run.Add(command);
                var arguments = command.Arguments;
                if (command.Program == "sc.exe" && arguments[0] == "qc")
                    return _serviceExists ? new ServiceCommandResult(0, "SERVICE_NAME: RasMfa") : new ServiceCommandResult(1060, "The specified service does not exist as an installed service.");
                if (command.Program != "netsh.exe") return new ServiceCommandResult(0, "");
                string? Value(string name) => arguments.FirstOrDefault(a => a.StartsWith(name + "=", StringComparison.OrdinalIgnoreCase))?.Substring(name.Length + 1);
                var url = Value("url") ?? "";
                switch (arguments[1])
                {
                    case "show":
                        return Reservations.TryGetValue(url, out var sid)
                            ? new ServiceCommandResult(0, $"URL Reservations:\r\n    Reserved URL            : {url}\r\n        User: {sid}\r\n            Listen: Yes\r\n            Delegate: No\r\n            SDDL: D:(A;;GX;;;{sid})")
                            : new ServiceCommandResult(0, "URL Reservations:\r\n-----------------");
                    case "delete":
                        return Reservations.Remove(url) ? new ServiceCommandResult(0, "URL reservation successfully deleted") : new ServiceCommandResult(1, "URL reservation delete failed, Error: 2");
                    case "add":
                        if (Reservations.ContainsKey(url)) return new ServiceCommandResult(1, "Url reservation add failed, Error: 183");
                        var sddl = Value("sddl") ?? "";
                        Reservations[url] = sddl.Substring(sddl.LastIndexOf(';') + 1).TrimEnd(')');
                        return new ServiceCommandResult(0, "URL reservation successfully added");
                    default:
                        return new ServiceCommandResult(1, "unknown netsh command");
                }
            }
        }
    }
}
