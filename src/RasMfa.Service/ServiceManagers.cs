using System;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Hosting.WindowsServices;
#if NET
using Microsoft.Extensions.Hosting.Systemd;
using Microsoft.Extensions.Logging.Console;
#endif

namespace RasMfa.Service
{
    /// <summary>How the host tells its service manager that it is ready and that it stops.</summary>
    internal static class ServiceManagers
    {
        public const string WindowsServiceName = "RasMfa";

        public const string NotifySocketVariable = "NOTIFY_SOCKET";

        /// <summary>
        /// systemd: READY=1 once the host has started (after the listener's bind, see ListenerService), STOPPING=1 when it
        /// stops, journald's log format. UseSystemd only acts when the parent process is systemd; a service manager that is
        /// not (a container's init, a test) but gives NOTIFY_SOCKET is told the same. Windows: the SCM hears Running only
        /// once the socket is bound (ReadyAfterBindWindowsLifetime).
        /// </summary>
        public static IHostBuilder UseServiceManagerReadiness(this IHostBuilder builder)
        {
#if NET
            builder.UseSystemd();
            if (!SystemdHelpers.IsSystemdService() && !string.IsNullOrEmpty(Environment.GetEnvironmentVariable(NotifySocketVariable)) && !OperatingSystem.IsWindows())
            {
                builder.ConfigureServices(services =>
                {
                    services.Configure<ConsoleLoggerOptions>(options => options.FormatterName = ConsoleFormatterNames.Systemd);
                    services.AddSingleton<ISystemdNotifier, SystemdNotifier>();
                    services.AddSingleton<IHostLifetime, SystemdLifetime>();
                });
            }
#endif
#pragma warning disable CA1416 // IsWindowsService() is true only on Windows; the analyzer does not know it as a guard
            if (WindowsServiceHelpers.IsWindowsService())
                builder.ConfigureServices(services => services.AddSingleton<IHostLifetime, ReadyAfterBindWindowsLifetime>());
#pragma warning restore CA1416
            return builder;
        }
    }
}
