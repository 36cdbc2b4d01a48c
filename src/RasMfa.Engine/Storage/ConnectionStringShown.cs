using System;
using System.Runtime.CompilerServices;
using Npgsql;

namespace RasMfa.Engine.Storage
{
    /// <summary>
    /// A PostgreSQL connection string as an error record may show it (its target, printed in CategoryInfo and kept in
    /// $Error and transcripts): a password typed into it by mistake is refused, and must not be shown back either.
    /// </summary>
    public static class ConnectionStringShown
    {
        /// <summary>
        /// <paramref name="text"/> without Password, Passfile and SSL Password; null when it cannot be read (then what it
        /// holds cannot be told apart, and nothing of it is shown).
        /// </summary>
        public static string? WithoutSecrets(string? text)
        {
            if (string.IsNullOrEmpty(text)) return null;
            try
            {
                return PostgreSqlClient.Guarded(() => Strip(text!));
            }
            catch (Exception e) when (e is StoreException || e is ArgumentException || e is FormatException || e is InvalidCastException || e is OverflowException)
            {
                return null;
            }
        }

        // Apart, and never inlined, so that Npgsql loads only when this runs, inside Guarded.
        [MethodImpl(MethodImplOptions.NoInlining)]
        private static string Strip(string text)
        {
            var builder = new NpgsqlConnectionStringBuilder(text);
            foreach (var secret in new[] { "Password", "Passfile", "SSL Password" }) builder.Remove(secret);
            return builder.ConnectionString;
        }
    }
}
