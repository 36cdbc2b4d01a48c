using System;
#if NET
using System.Runtime.Versioning;
#endif
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging.EventLog;
using RasMfa.Engine.Hosting.Service;

namespace RasMfa.Service
{
    /// <summary>
    /// Where the host's lines go besides the console (journald under systemd): on Windows the Application event log as
    /// source RasMfa, which Install-RasMfaService registers (the service's account may not). The levels are the admin's:
    /// Logging:LogLevel and Logging:EventLog:LogLevel in appsettings.json beside the executable, or environment variables
    /// (Logging__EventLog__LogLevel__Default). Information for the console and the journal; Warning for the event log
    /// even without the file (the default builder's filter), so that each login's line does not flood it.
    /// </summary>
    internal static class HostLogging
    {
        public static IHostBuilder UseRasMfaLogging(this IHostBuilder builder)
        {
#if NET
            if (!OperatingSystem.IsWindows()) return builder;
#endif
            return builder.ConfigureServices(NameTheEventLogSource);
        }

#if NET
        [SupportedOSPlatform("windows")]
#endif
        private static void NameTheEventLogSource(IServiceCollection services) => services.Configure<EventLogSettings>(settings =>
        {
            // UseWindowsService would name the source after the executable (RasMfa.Service), a source no one registered.
            settings.SourceName = WindowsEventLogSource.SourceName;
            settings.LogName = WindowsEventLogSource.LogName;
        });
    }
}
