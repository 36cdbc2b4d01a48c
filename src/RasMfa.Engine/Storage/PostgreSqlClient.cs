using System;
using System.IO;
using System.Runtime.InteropServices;

namespace RasMfa.Engine.Storage
{
    /// <summary>
    /// Npgsql, PostgreSQL's client library, loads only when a PostgreSQL store is named: a session on a SQLite store
    /// never needs it. Where it cannot load (missing from the module, or refused by this edition of PowerShell) the
    /// PostgreSQL path says so, instead of a bare FileNotFoundException.
    /// </summary>
    internal static class PostgreSqlClient
    {
        public const string MissingErrorId = "StorePostgreSqlClientMissing";

        /// <summary>Runs <paramref name="call"/>, which may be the first code to touch Npgsql; its load failures become a StoreException.</summary>
        public static T Guarded<T>(Func<T> call)
        {
            try
            {
                return call();
            }
            catch (Exception e) when (LoadFailure(e) is Exception failure)
            {
                throw new StoreException(StoreErrorKind.Unavailable, MissingErrorId,
                    $"PostgreSQL stores cannot be used here: its client library, Npgsql, did not load in this process ({RuntimeInformation.FrameworkDescription}): {failure.Message} " +
                    "Reinstall the RasMfa module (Npgsql ships in its dependencies folder), use PowerShell 7.4 or later, or use a SQLite store.", e);
            }
        }

        // An assembly that cannot be found, loaded or bound, possibly behind a type initializer. A missing file that is
        // not an assembly (a root certificate named in the connection string) is no load failure.
        private static Exception? LoadFailure(Exception e)
        {
            if (e is TypeInitializationException initialization && initialization.InnerException != null) return LoadFailure(initialization.InnerException);
            if (e is FileNotFoundException missing)
                return missing.FileName != null && missing.FileName.IndexOf("PublicKeyToken=", StringComparison.OrdinalIgnoreCase) >= 0 ? e : null;
            return e is FileLoadException || e is BadImageFormatException || e is TypeLoadException || e is MissingMethodException ? e : null;
        }
    }
}
