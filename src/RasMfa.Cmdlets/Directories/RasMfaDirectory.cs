using System;
using System.Collections.Generic;
using RasMfa.Engine.Directories;

namespace RasMfa.Cmdlets.Directories
{
    /// <summary>A directory as cmdlets show it. It never carries the service account's password.</summary>
    public sealed class RasMfaDirectory
    {
        internal RasMfaDirectory(DirectoryDefinition directory)
        {
            Name = directory.Name;
            Type = directory.Type;
            Server = directory.Servers;
            Port = directory.EffectivePort;
            Security = directory.Security;
            BaseDN = directory.BaseDN;
            BindUserName = directory.BindUserName;
            TrustedCaPath = directory.TrustedCaPath;
            CertificateThumbprint = directory.CertificateThumbprint;
            TimeoutSeconds = directory.TimeoutSeconds;
            SyncIntervalMinutes = directory.SyncIntervalMinutes;
            Modified = directory.ModifiedUtc.ToLocalTime();
        }

        public string Name { get; }
        public DirectoryType Type { get; }
        public IReadOnlyList<string> Server { get; }
        public int Port { get; }
        public DirectorySecurity Security { get; }
        public string? BaseDN { get; }
        public string? BindUserName { get; }
        public string? TrustedCaPath { get; }
        public string? CertificateThumbprint { get; }
        public int TimeoutSeconds { get; }
        public int SyncIntervalMinutes { get; }
        public DateTime Modified { get; }
    }
}
