namespace RasMfa.Engine.Audit
{
    /// <summary>What Export-RasMfaAuthenticationLog wrote.</summary>
    public sealed class AuthenticationLogExportSummary
    {
        public AuthenticationLogExportSummary(string path, AuthenticationLogFormat format, long records)
        {
            Path = path;
            Format = format;
            Records = records;
        }

        public string Path { get; }

        public AuthenticationLogFormat Format { get; }

        public long Records { get; }
    }
}
