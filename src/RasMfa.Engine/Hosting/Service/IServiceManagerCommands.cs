namespace RasMfa.Engine.Hosting.Service
{
    /// <summary>
    /// The one seam between the install cmdlets and the operating system's service manager and account tools: every
    /// systemctl, useradd, chown, sc.exe and icacls call goes through it, so that tests check the commands built without
    /// running them (this project's containers have no systemd as PID 1, and no Windows).
    /// </summary>
    public interface IServiceManagerCommands
    {
        /// <summary>Runs <paramref name="command"/> and waits for it; what it printed (output and errors) comes back with its exit code.</summary>
        ServiceCommandResult Run(ServiceCommand command);
    }

    /// <summary>How a command ended.</summary>
    public sealed class ServiceCommandResult
    {
        public ServiceCommandResult(int exitCode, string output)
        {
            ExitCode = exitCode;
            Output = output;
        }

        public int ExitCode { get; }

        public string Output { get; }

        public bool Succeeded => ExitCode == 0;
    }
}
