namespace RasMfa.Service
{
    /// <summary>How the process ends, for the service manager (a unit may keep systemd from restarting on a setting error).</summary>
    internal static class ExitCodes
    {
        /// <summary>Stopped when asked (SIGTERM, the SCM's stop, Ctrl+C), the requests in flight answered.</summary>
        public const int Stopped = 0;

        /// <summary>Anything not foreseen: the host could not be built, or the listener's start failed for a reason not listed here.</summary>
        public const int Unexpected = 1;

        /// <summary>Port or Address is not valid, or a stored setting (Set-RasMfaConfiguration) has a value this version cannot read: running again will not help until the setting is mended.</summary>
        public const int InvalidSetting = 2;

        /// <summary>The UDP socket could not be bound (the port taken, the address not this machine's, no permission).</summary>
        public const int CannotListen = 3;

        /// <summary>The store could not be opened (missing key, unreachable database, a folder that is not private...).</summary>
        public const int StoreUnavailable = 4;
    }
}
