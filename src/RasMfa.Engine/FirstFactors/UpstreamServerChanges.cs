namespace RasMfa.Engine.FirstFactors
{
    /// <summary>What an admin gives to add or change an upstream RADIUS server; what is not given keeps its stored (or default) value.</summary>
    public sealed class UpstreamServerChanges
    {
        public string? Address { get; set; }

        public int? Port { get; set; }

        public byte[]? SharedSecret { get; set; }

        /// <summary>Keep a secret of 12 octets or fewer (with a warning) instead of refusing it.</summary>
        public bool KeepWeakSecret { get; set; }

        public int? TimeoutSeconds { get; set; }

        public int? Retries { get; set; }

        public bool? RequireMessageAuthenticator { get; set; }
    }
}
