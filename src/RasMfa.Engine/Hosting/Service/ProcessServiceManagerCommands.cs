using System;
using System.ComponentModel;
using System.Diagnostics;
using System.Text;
using System.Threading.Tasks;

namespace RasMfa.Engine.Hosting.Service
{
    /// <summary>The commands run for real, as processes of their own (no shell: arguments are passed one by one).</summary>
    public sealed class ProcessServiceManagerCommands : IServiceManagerCommands
    {
        /// <summary>A command missing from this machine (no systemctl, no sc.exe) ends with this code, its message as output.</summary>
        public const int NotFoundExitCode = 127;

        public ServiceCommandResult Run(ServiceCommand command)
        {
            var start = new ProcessStartInfo(command.Program)
            {
                UseShellExecute = false,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                CreateNoWindow = true,
            };
            // net472 has no ArgumentList: each argument quoted as CommandLineToArgvW and .NET's parser read it back.
            start.Arguments = string.Join(" ", System.Linq.Enumerable.Select(command.Arguments, WindowsCommandLine.Quote));
            try
            {
                using (var process = Process.Start(start)!)
                {
                    // Both streams read at once: a process that fills one pipe while we wait on the other would never end.
                    var output = process.StandardOutput.ReadToEndAsync();
                    var errors = process.StandardError.ReadToEndAsync();
                    process.WaitForExit();
                    Task.WaitAll(output, errors);
                    var text = new StringBuilder(output.Result);
                    if (errors.Result.Length > 0) text.Append(errors.Result);
                    return new ServiceCommandResult(process.ExitCode, text.ToString().Trim());
                }
            }
            catch (Win32Exception e)
            {
                return new ServiceCommandResult(NotFoundExitCode, $"{command.Program} cannot be run here: {e.Message}");
            }
        }
    }
}
