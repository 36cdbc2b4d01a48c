namespace RasMfa.Engine.Tokens
{
    /// <summary>A hardware token as read from a vendor's file, or why it could not be read.</summary>
    public sealed class OathTokenRow
    {
        public OathTokenRow(string source, OtpToken? token, string? userName, string? error, string? errorId = null)
        {
            ErrorId = errorId;
            Source = source;
            Token = token;
            UserName = userName;
            Error = error;
        }

        /// <summary>"line 12" or "KeyPackage 3", for error messages.</summary>
        public string Source { get; }

        public OtpToken? Token { get; }

        /// <summary>The existing user to assign it to, when the file names one.</summary>
        public string? UserName { get; }

        public string? Error { get; }

        /// <summary>The error's own id, where it has one (a reserved serial); else the row is merely unreadable.</summary>
        public string? ErrorId { get; }
    }
}
