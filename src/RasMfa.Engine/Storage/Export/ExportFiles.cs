using System;
using System.IO;
using RasMfa.Engine.Administration;
using RasMfa.Engine.Security;
using RasMfa.Engine.Security.Platform;

namespace RasMfa.Engine.Storage.Export
{
    /// <summary>
    /// Files an export writes (a configuration file, the audit log): private from their creation (only the owner and the
    /// machine's admins can read them: they name users and clients), written whole or not at all, and an existing file is
    /// replaced only when the admin says so.
    /// </summary>
    public static class ExportFiles
    {
        /// <summary>Writes <paramref name="path"/> through <paramref name="write"/>; ConfigurationFileExists when it exists and <paramref name="replace"/> is false.</summary>
        public static void Write(string path, bool replace, Action<Stream> write)
        {
            var full = Path.GetFullPath(path);
            RefuseExisting(full, replace);
            try
            {
                if (!PrivateFiles.TryWrite(full, write, StorePlatforms.ForThisMachine(), replace)) throw Exists(full);
            }
            catch (Exception e) when (e is IOException || e is UnauthorizedAccessException)
            {
                throw new EngineException(EngineErrorKind.Unavailable, UnwritableId, $"{full} cannot be written: {e.Message}", e, full);
            }
        }

        /// <summary>
        /// ConfigurationFileExists when <paramref name="path"/> exists and <paramref name="replace"/> is false: checked before
        /// the admin is asked to confirm, so -WhatIf and the prompt never offer an export that would be refused.
        /// </summary>
        public static void RefuseExisting(string path, bool replace)
        {
            var full = Path.GetFullPath(path);
            if (!replace && File.Exists(full)) throw Exists(full);
        }

        public const string UnwritableId = "ExportFileUnwritable";

        private static EngineException Exists(string path) => new EngineException(EngineErrorKind.AlreadyExists, ConfigurationFileErrors.FileExistsId,
            $"{path} exists already and is kept. Name another file, or replace it with -Force.", target: path);
    }
}
