using System;

namespace RasMfa.Engine.Entra
{
    /// <summary>The Microsoft clouds an Entra ID tenant lives in; each has its own sign-in host and Graph host.</summary>
    public enum EntraCloud
    {
        Global,
        USGov,
        China,
    }

    /// <summary>Where a cloud's tokens and Graph are, by name, so that an admin never types a host.</summary>
    public static class EntraClouds
    {
        public static Uri AuthorityHost(EntraCloud cloud)
        {
            switch (cloud)
            {
                case EntraCloud.USGov: return new Uri("https://login.microsoftonline.us/");
                case EntraCloud.China: return new Uri("https://login.chinacloudapi.cn/");
                default: return new Uri("https://login.microsoftonline.com/");
            }
        }

        /// <summary>Graph's root for the cloud, without a version; tokens are asked for "&lt;root&gt;/.default".</summary>
        public static Uri GraphRoot(EntraCloud cloud)
        {
            switch (cloud)
            {
                case EntraCloud.USGov: return new Uri("https://graph.microsoft.us/");
                case EntraCloud.China: return new Uri("https://microsoftgraph.chinacloudapi.cn/");
                default: return new Uri("https://graph.microsoft.com/");
            }
        }
    }
}
