using RasMfa.Engine.Hosting.Metrics;

namespace RasMfa.Engine.Hosting.Service
{
    /// <summary>
    /// The URL reservation the Windows service needs for its metrics endpoint: HttpListener (http.sys) lets a process that is
    /// not an administrator, such as the service's virtual account, listen only on a prefix reserved for it, so without this
    /// the service could not serve 127.0.0.1:9812 and would not start. Granted by SID (listen right, GX) so that no account
    /// name is quoted or localised. Windows only; built and unit-tested here, not run.
    /// </summary>
    public static class WindowsMetricsReservation
    {
        public const string Url = "http://" + MetricsAddress.ServiceDefault + "/";

        /// <summary>Removes the reservation (it fails when there is none, which callers ignore): add refuses one that exists.</summary>
        public static ServiceCommand Remove() => new ServiceCommand("netsh.exe", "http", "delete", "urlacl", "url=" + Url);

        /// <summary>Reserves <see cref="Url"/> for the account whose SID is <paramref name="sid"/>.</summary>
        public static ServiceCommand Reserve(string sid) => new ServiceCommand("netsh.exe", "http", "add", "urlacl", "url=" + Url, $"sddl=D:(A;;GX;;;{sid})");
    }
}
