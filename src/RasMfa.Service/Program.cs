using System;
using System.Linq;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace RasMfa.Service
{
    /// <summary>
    /// The RasMfa RADIUS listener as a service: under the Windows SCM, under systemd (Type=notify), or run by hand.
    /// Settings: Port and Address from the command line (--port 1812 --address 0.0.0.0), RASMFA_ environment variables or
    /// appsettings.json beside the executable; the store as every session selects it (RASMFA_DATABASE, store.json).
    /// </summary>
    internal static class Program
    {
        public static int Main(string[] args)
        {
            IHost host;
            try
            {
                host = Host.CreateDefaultBuilder(args)
                    // appsettings.json beside the executable, whatever the working directory the service manager gave.
                    .UseContentRoot(AppContext.BaseDirectory)
                    // Added last, so that --port and --address win over appsettings.json and Listener__Port variables.
                    .ConfigureAppConfiguration(configuration => configuration.AddCommandLine(args, ListenerSettings.Switches))
                    .UseWindowsService(options => options.ServiceName = ServiceManagers.WindowsServiceName)
                    .UseServiceManagerReadiness()
                    .UseRasMfaLogging()
                    .ConfigureServices(services =>
                    {
                        // The listener drains for up to 5 s on stop; the host must not give up on it before that.
                        services.Configure<HostOptions>(options => options.ShutdownTimeout = TimeSpan.FromSeconds(30));
                        services.AddSingleton<ListenerReadiness>();
                        services.AddHostedService<ListenerService>();
                        // The control channel opens with the listener (RasMfaServerHost). Metrics open with it too.
                    })
                    .Build();
            }
            catch (Exception e)
            {
                Console.Error.WriteLine($"RasMfa.Service: the host could not be built: {e.Message}");
                return ExitCodes.Unexpected;
            }
            using (host)
            {
                try
                {
                    host.Run();
                    return ExitCodes.Stopped;
                }
                catch (ListenerStartException e)
                {
                    // Logged by ListenerService as it happened; no READY=1 was sent, the service manager sees the code.
                    return e.ExitCode;
                }
                catch (AggregateException e) when (e.Flatten().InnerExceptions.OfType<ListenerStartException>().FirstOrDefault() is { } start)
                {
                    return start.ExitCode;
                }
                catch (Exception e)
                {
                    // Never an unhandled exception (an abort, 134): the service manager gets a code the documentation lists.
                    Console.Error.WriteLine($"RasMfa.Service: stopped by an unexpected error: {e.Message}");
                    return ExitCodes.Unexpected;
                }
            }
        }
    }
}
