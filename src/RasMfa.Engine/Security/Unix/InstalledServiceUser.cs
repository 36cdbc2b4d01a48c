using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;

namespace RasMfa.Engine.Security.Unix
{
    /// <summary>
    /// The user the installed systemd unit runs RasMfa as (User= in /etc/systemd/system/rasmfa.service). Install-RasMfaService
    /// gives that user the store's folder and key, since the service opens only files of its own; sessions trust that owner
    /// as they trust root, but only while the unit itself is root's and no one else may change it.
    /// </summary>
    internal static class InstalledServiceUser
    {
        public const string SystemdUnitDirectory = "/etc/systemd/system";
        public const string UnitFileName = "rasmfa.service";
        private const int GroupOrOthersWrite = 0x12; // 0o022

        /// <summary>The service user's id, or null: no unit, a unit others could change, no User=, or a user /etc/passwd does not name.</summary>
        public static uint? Uid(Func<string, UnixFileStatus> readStatus)
        {
            var unitPath = Path.Combine(SystemdUnitDirectory, UnitFileName);
            try
            {
                if (!File.Exists(unitPath)) return null;
                foreach (var path in new[] { SystemdUnitDirectory, unitPath })
                {
                    var status = readStatus(path);
                    if (status.OwnerUid != 0 || (status.Mode & GroupOrOthersWrite) != 0) return null;
                }
                var user = TrustedUserOf(File.ReadAllText(unitPath));
                return user == null ? null : UidOf(File.ReadAllText("/etc/passwd"), user);
            }
            catch (Exception e) when (e is IOException || e is UnauthorizedAccessException || e is EntryPointNotFoundException)
            {
                return null; // unreadable: nothing more is trusted
            }
        }

        /// <summary>
        /// The unit's user, or null when the unit holds a carriage return: Install-RasMfaService never writes one, so such a
        /// unit was written by other hands, and how a line break in it is read is not a question to bet the store's key on.
        /// </summary>
        internal static string? TrustedUserOf(string unitText) => unitText.IndexOf('\r') >= 0 ? null : UserOf(unitText);

        /// <summary>The last User= of the unit's [Service] section (systemd takes the last), or null; read as systemd reads lines (<see cref="LogicalLines"/>).</summary>
        internal static string? UserOf(string unitText)
        {
            string? user = null;
            var section = "";
            foreach (var logical in LogicalLines(unitText))
            {
                var line = logical.Trim();
                if (line.StartsWith("[", StringComparison.Ordinal)) section = line;
                else if (section == "[Service]" && line.StartsWith("User=", StringComparison.Ordinal)) user = line.Substring(5).Trim();
            }
            return string.IsNullOrEmpty(user) ? null : user;
        }

        /// <summary>
        /// The unit's lines as systemd.syntax(7) joins them: lines end at LF or CR; a comment line (# or ; after blanks) is
        /// skipped, even between continued lines; a line ending in a backslash that no backslash escapes continues on the
        /// next line, the backslash read as a space. So "Environment=A=b \" followed by "User=x" is one Environment= line.
        /// </summary>
        internal static IEnumerable<string> LogicalLines(string unitText)
        {
            string? continued = null;
            foreach (var raw in unitText.Split('\n', '\r'))
            {
                var start = raw.TrimStart(' ', '\t');
                if (start.Length > 0 && (start[0] == '#' || start[0] == ';')) continue;
                var line = continued == null ? raw : continued + raw;
                continued = null;
                if (EndsInUnescapedBackslash(line)) continued = line.Substring(0, line.Length - 1) + " ";
                else yield return line;
            }
            if (continued != null) yield return continued;
        }

        // A backslash escapes the character after it, a backslash too: the line continues when it ends in an odd run of them.
        private static bool EndsInUnescapedBackslash(string line)
        {
            int run = 0;
            for (int i = line.Length - 1; i >= 0 && line[i] == '\\'; i--) run++;
            return run % 2 == 1;
        }

        /// <summary>The uid /etc/passwd gives <paramref name="user"/> (name:password:uid:...), or null; root's 0 adds no trust and is returned as such.</summary>
        internal static uint? UidOf(string passwdText, string user)
        {
            foreach (var line in passwdText.Split('\n'))
            {
                var fields = line.Split(':');
                if (fields.Length >= 3 && fields[0] == user && uint.TryParse(fields[2], NumberStyles.None, CultureInfo.InvariantCulture, out var uid)) return uid;
            }
            return null;
        }
    }
}
