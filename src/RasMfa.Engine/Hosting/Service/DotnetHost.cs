using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Runtime.InteropServices;
using RasMfa.Engine.Administration;

namespace RasMfa.Engine.Hosting.Service
{
    /// <summary>
    /// The dotnet host the systemd unit runs the service with, found at install time: DOTNET_ROOT's, the one this
    /// session's runtime belongs to, then PATH's and the usual system places. One in a home folder is passed over:
    /// ProtectHome=yes hides it from the service; so is one another local user could change (DotnetHostTrust).
    /// </summary>
    public static class DotnetHost
    {
        public const string NotFoundErrorId = "DotnetNotFound";

        /// <summary>
        /// The real path (links resolved) of the first candidate the service can see and no one but root may change;
        /// <paramref name="warn"/> hears of each one passed over as open to others (DotnetHostTrust).
        /// </summary>
        public static string Find(Func<string, string?> environment, Func<string, bool> isExecutable, Action<string>? warn = null)
        {
            var candidates = Candidates(environment).Where(c => !string.IsNullOrEmpty(c)).Select(c => Path.GetFullPath(c!)).Distinct(StringComparer.Ordinal).ToList();
            foreach (var candidate in candidates)
            {
                if (HiddenFromService(candidate) || !isExecutable(candidate)) continue;
                string real;
                try
                {
                    real = DotnetHostTrust.RealPath(candidate);
                }
                catch (IOException)
                {
                    continue; // a link loop: not a host
                }
                if (HiddenFromService(real)) continue;
                var distrust = DotnetHostTrust.Distrust(real);
                if (distrust == null) return real;
                warn?.Invoke($"The .NET host {candidate} was passed over: {distrust}, so another local user could change the code the service runs with the store's key.");
            }
            throw new EngineException(EngineErrorKind.NotFound, NotFoundErrorId,
                "No .NET host (dotnet) the service could run was found outside home folders and closed to other users: install the .NET 8 (or later) runtime " +
                "system-wide (for example the distribution's dotnet-runtime-8.0 package) and run Install-RasMfaService again. Looked at: " +
                string.Join(", ", candidates) + ".");
        }

        /// <summary>True for paths under the folders the unit hides from the service (ProtectHome=yes, PrivateTmp=yes).</summary>
        public static bool HiddenFromService(string path) =>
            new[] { "/home/", "/root/", "/run/user/", "/tmp/", "/var/tmp/" }.Any(prefix => (path.TrimEnd('/') + "/").StartsWith(prefix, StringComparison.Ordinal));

        private static IEnumerable<string?> Candidates(Func<string, string?> environment)
        {
            var root = environment("DOTNET_ROOT");
            if (!string.IsNullOrWhiteSpace(root)) yield return Path.Combine(root, "dotnet");
            // <root>/shared/Microsoft.NETCore.App/<version>/: this session's runtime (none under PowerShell's self-contained build).
            var runtime = RuntimeEnvironment.GetRuntimeDirectory().TrimEnd(Path.DirectorySeparatorChar);
            var sharedRoot = Path.GetDirectoryName(Path.GetDirectoryName(Path.GetDirectoryName(runtime) ?? "") ?? "");
            if (!string.IsNullOrEmpty(sharedRoot)) yield return Path.Combine(sharedRoot, "dotnet");
            foreach (var folder in (environment("PATH") ?? "").Split(':').Where(f => f.Length > 0)) yield return Resolved(Path.Combine(folder, "dotnet"));
            yield return "/usr/share/dotnet/dotnet";
            yield return "/usr/lib/dotnet/dotnet";
        }

        // /usr/bin/dotnet is usually a link into the runtime's folder; the unit names the host itself.
        private static string Resolved(string path)
        {
#if NET
            try
            {
                var target = File.ResolveLinkTarget(path, returnFinalTarget: true);
                if (target != null) return target.FullName;
            }
            catch (IOException)
            {
                // A dangling or looping link: the path itself is judged.
            }
#endif
            return path;
        }
    }
}
