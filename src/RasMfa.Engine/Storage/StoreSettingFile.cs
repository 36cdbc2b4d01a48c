using System;
using System.IO;
using System.Runtime.InteropServices;
using System.Text.Encodings.Web;
using System.Text.Json;
using RasMfa.Engine.Security.Platform;

namespace RasMfa.Engine.Storage
{
    /// <summary>
    /// The machine-wide store setting, store.json: which store every session and the service open when RASMFA_DATABASE
    /// is not set. It lies in %ProgramData%\RasMfa on Windows and /etc/rasmfa elsewhere, or in the folder RASMFA_CONFIG
    /// names, a folder as private as the store's (it decides where logins are checked, and holds the sealed password).
    /// It is only ever written whole: written aside, then moved into place.
    /// </summary>
    internal static class StoreSettingFile
    {
        public const string FolderVariable = "RASMFA_CONFIG";
        public const string FileName = "store.json";
        public const string DamagedErrorId = "StoreSettingDamaged";
        private const int FormatVersion = 1;

        public static string Folder(Func<string, string?> environment)
        {
            var configured = environment(FolderVariable);
            if (!string.IsNullOrWhiteSpace(configured)) return Path.GetFullPath(configured);
            return RuntimeInformation.IsOSPlatform(OSPlatform.Windows)
                ? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.CommonApplicationData), "RasMfa")
                : "/etc/rasmfa";
        }

        /// <summary>store.json and the key material its password is sealed with (not the store's own key file, even in the same folder).</summary>
        public static StoreFiles FilesIn(string folder, IStorePlatform platform) =>
            StoreFiles.ForStoreSetting(Path.Combine(folder, FileName), FileName + (platform.SealsWithDpapi ? ".entropy" : ".key"));

        /// <summary>The setting, or null when there is none. Refuses one in a folder others could change, and a damaged one.</summary>
        public static StoreSelection? Read(string folder, IStorePlatform platform)
        {
            if (!Directory.Exists(folder)) return null; // never created on a read: only an admin's write makes it
            var files = FilesIn(folder, platform);
            StoreFolderGuard.Prepare(files, platform, createDatabase: false);
            byte[] content;
            try
            {
                content = File.ReadAllBytes(files.Database);
            }
            catch (FileNotFoundException)
            {
                return null;
            }
            catch (UnauthorizedAccessException e)
            {
                throw new StoreException(StoreErrorKind.AccessDenied, "StoreSettingAccessDenied",
                    $"This account may not read RasMfa's machine-wide store setting {files.Database}: run as an administrator (an elevated PowerShell on Windows; root elsewhere), " +
                    $"or set {StorePaths.DatabaseVariable} to a database of your own.", e);
            }
            return Parse(content, files.Database);
        }

        public static void Write(string folder, StoreSelection setting, IStorePlatform platform)
        {
            var files = FilesIn(folder, platform);
            StoreFolderGuard.Prepare(files, platform, createDatabase: false);
            var content = Serialize(setting);
            StoreKeyFile.RemoveStaleTemporaries(files.Database, DateTime.UtcNow);
            var temporary = files.Database + "." + Guid.NewGuid().ToString("N") + ".tmp";
            try
            {
                platform.CreatePrivateFile(temporary);
                using (var stream = new FileStream(temporary, FileMode.Open, FileAccess.Write, FileShare.None))
                {
                    stream.Write(content, 0, content.Length);
                    stream.Flush(flushToDisk: true);
                }
                // A reader sees the old setting or the new one, never a part of either.
#if NET8_0_OR_GREATER
                File.Move(temporary, files.Database, overwrite: true);
#else
                if (File.Exists(files.Database)) File.Replace(temporary, files.Database, null);
                else File.Move(temporary, files.Database);
#endif
            }
            catch (UnauthorizedAccessException e)
            {
                throw new StoreException(StoreErrorKind.AccessDenied, "StoreSettingAccessDenied",
                    $"This account may not write RasMfa's machine-wide store setting in {folder}: run as an administrator (an elevated PowerShell on Windows; root elsewhere).", e);
            }
            finally
            {
                try
                {
                    if (File.Exists(temporary)) File.Delete(temporary);
                }
                catch (Exception e) when (e is IOException || e is UnauthorizedAccessException)
                {
                    // Never masks the error that got here; a later write removes it once stale.
                }
            }
        }

        /// <summary>Removes the setting, so that the built-in default applies; false when there was none.</summary>
        public static bool Remove(string folder, IStorePlatform platform)
        {
            if (!Directory.Exists(folder)) return false;
            var files = FilesIn(folder, platform);
            StoreFolderGuard.Prepare(files, platform, createDatabase: false);
            if (!File.Exists(files.Database)) return false;
            File.Delete(files.Database);
            return true;
        }

        private static byte[] Serialize(StoreSelection setting)
        {
            using var buffer = new MemoryStream();
            // Relaxed escaping: a connection string reads as the admin wrote it ('+', '&', quotes); the file is never embedded in HTML.
            using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
            {
                json.WriteStartObject();
                json.WriteNumber("format", FormatVersion);
                json.WriteString("kind", setting.Kind.ToString());
                if (setting.Kind == StoreKind.Sqlite)
                {
                    json.WriteString("path", setting.Location);
                }
                else
                {
                    json.WriteString("connectionString", setting.Location);
                    json.WriteString("userName", setting.UserName);
                    json.WriteString("password", Convert.ToBase64String(setting.SealedPassword!)); // sealed for this machine
                }
                json.WriteEndObject();
            }
            return buffer.ToArray();
        }

        private static StoreSelection Parse(byte[] content, string path)
        {
            try
            {
                using var document = JsonDocument.Parse(content);
                var root = document.RootElement;
                if (root.ValueKind != JsonValueKind.Object) throw Damaged(path, "it is not a JSON object");
                int format = root.TryGetProperty("format", out var formatValue) && formatValue.TryGetInt32(out var number) ? number : 0;
                if (format > FormatVersion) throw Damaged(path, $"it was written by a newer RasMfa (format {format})");
                if (format != FormatVersion) throw Damaged(path, "it names no format");
                var kindText = Text(root, "kind", path);
                if (kindText == nameof(StoreKind.Sqlite))
                {
                    var databasePath = Text(root, "path", path);
                    if (!MachineStoreSetting.IsFullPath(databasePath)) throw Damaged(path, $"its SQLite path '{databasePath}' is not a full path");
                    return new StoreSelection(StoreKind.Sqlite, databasePath, null, null, StoreSelectionSource.MachineSetting, path);
                }
                if (kindText == nameof(StoreKind.PostgreSql))
                {
                    var sealedPassword = Convert.FromBase64String(Text(root, "password", path));
                    return new StoreSelection(StoreKind.PostgreSql, Text(root, "connectionString", path), Text(root, "userName", path), sealedPassword,
                        StoreSelectionSource.MachineSetting, path);
                }
                throw Damaged(path, $"it names an unknown kind of store '{kindText}'");
            }
            catch (Exception e) when (e is JsonException || e is FormatException)
            {
                throw Damaged(path, e.Message, e);
            }
        }

        private static string Text(JsonElement root, string name, string path) =>
            root.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String && !string.IsNullOrWhiteSpace(value.GetString())
                ? value.GetString()!
                : throw Damaged(path, $"it has no '{name}'");

        private static StoreException Damaged(string path, string reason, Exception? inner = null) => new StoreException(StoreErrorKind.Unreadable, DamagedErrorId,
            $"RasMfa's machine-wide store setting {path} cannot be read: {reason}. Write the setting again as an administrator, " +
            $"or delete the file to use the built-in SQLite store; until then no session or service on this machine opens a store unless {StorePaths.DatabaseVariable} is set.", inner);
    }
}
