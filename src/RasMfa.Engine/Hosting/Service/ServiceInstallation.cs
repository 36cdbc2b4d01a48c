namespace RasMfa.Engine.Hosting.Service
{
    /// <summary>What Install-RasMfaService did, or found already done.</summary>
    public sealed class ServiceInstallation
    {
        public ServiceInstallation(string name, ServiceInstallStatus status, string definition, string account, string programFolder, ServiceStartupType startupType, int port)
        {
            Name = name;
            Status = status;
            Definition = definition;
            Account = account;
            ProgramFolder = programFolder;
            StartupType = startupType;
            Port = port;
        }

        public string Name { get; }

        public ServiceInstallStatus Status { get; }

        /// <summary>The unit file (Linux) or the SCM's binary path (Windows).</summary>
        public string Definition { get; }

        public string Account { get; }

        /// <summary>The host's files, copied for this build: a later module update copies its own and leaves these to the running service.</summary>
        public string ProgramFolder { get; }

        public ServiceStartupType StartupType { get; }

        public int Port { get; }
    }

    public enum ServiceInstallStatus
    {
        /// <summary>There was no service; there is one now.</summary>
        Installed,

        /// <summary>A different definition was replaced (-Force).</summary>
        Updated,

        /// <summary>The same definition was already installed: nothing was written or run.</summary>
        Unchanged,
    }
}
