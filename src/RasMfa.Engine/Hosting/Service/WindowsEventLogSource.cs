namespace RasMfa.Engine.Hosting.Service
{
    /// <summary>
    /// The event log source the Windows service writes as (log Application, source RasMfa). Registering a source needs an
    /// administrator, and the service's virtual account is none: Install-RasMfaService registers it, so that the service never
    /// has to (an unregistered source makes every event log write fail). Windows only; built and unit-tested here, not run.
    /// </summary>
    public static class WindowsEventLogSource
    {
        public const string SourceName = "RasMfa";

        public const string LogName = "Application";

        /// <summary>Where Windows looks a source up; the same key EventLog.CreateEventSource writes.</summary>
        public const string RegistryKey = @"HKLM\SYSTEM\CurrentControlSet\Services\EventLog\" + LogName + @"\" + SourceName;

        /// <summary>
        /// The .NET Framework's message file (one message "%1" per id), present on every Windows Server the net472 service
        /// runs on: without it, Event Viewer shows "the description for Event ID ... cannot be found" around each message.
        /// </summary>
        public const string MessageFile = @"%SystemRoot%\Microsoft.NET\Framework64\v4.0.30319\EventLogMessages.dll";

        /// <summary>Registers the source, or sets it again as it should be (/f): running it twice changes nothing.</summary>
        public static ServiceCommand Register() =>
            new ServiceCommand("reg.exe", "add", RegistryKey, "/v", "EventMessageFile", "/t", "REG_EXPAND_SZ", "/d", MessageFile, "/f");
    }
}
