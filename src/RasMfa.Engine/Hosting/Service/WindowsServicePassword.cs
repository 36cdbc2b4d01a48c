using System;
using System.ComponentModel;
using System.Runtime.InteropServices;

namespace RasMfa.Engine.Hosting.Service
{
    /// <summary>
    /// Sets the service's account and password through the SCM's API (ChangeServiceConfigW), never on a command line
    /// (sc.exe's password= would show it to every local user who lists processes). Windows only; compiled here, not run.
    /// </summary>
    internal static class WindowsServicePassword
    {
        private const uint ScManagerConnect = 0x0001;
        private const uint ServiceChangeConfig = 0x0002;
        private const uint ServiceNoChange = 0xFFFFFFFF;

        public static void Set(string serviceName, string account, string password)
        {
            var manager = OpenSCManager(null, null, ScManagerConnect);
            if (manager == IntPtr.Zero) throw new Win32Exception();
            try
            {
                var service = OpenService(manager, serviceName, ServiceChangeConfig);
                if (service == IntPtr.Zero) throw new Win32Exception();
                try
                {
                    if (!ChangeServiceConfig(service, ServiceNoChange, ServiceNoChange, ServiceNoChange, null, null, IntPtr.Zero, null, account, password, null))
                        throw new Win32Exception();
                }
                finally
                {
                    CloseServiceHandle(service);
                }
            }
            finally
            {
                CloseServiceHandle(manager);
            }
        }

        [DllImport("advapi32.dll", EntryPoint = "OpenSCManagerW", CharSet = CharSet.Unicode, SetLastError = true)]
        private static extern IntPtr OpenSCManager(string? machineName, string? databaseName, uint access);

        [DllImport("advapi32.dll", EntryPoint = "OpenServiceW", CharSet = CharSet.Unicode, SetLastError = true)]
        private static extern IntPtr OpenService(IntPtr manager, string serviceName, uint access);

        [DllImport("advapi32.dll", EntryPoint = "ChangeServiceConfigW", CharSet = CharSet.Unicode, SetLastError = true)]
        private static extern bool ChangeServiceConfig(IntPtr service, uint serviceType, uint startType, uint errorControl, string? binaryPath,
            string? loadOrderGroup, IntPtr tagId, string? dependencies, string? account, string? password, string? displayName);

        [DllImport("advapi32.dll", SetLastError = true)]
        private static extern bool CloseServiceHandle(IntPtr handle);
    }
}
