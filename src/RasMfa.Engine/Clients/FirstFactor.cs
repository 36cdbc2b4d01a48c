namespace RasMfa.Engine.Clients
{
    /// <summary>What a client's requests prove before the second factor. Directory and UpstreamRadius come with the directory work.</summary>
    public enum FirstFactor
    {
        /// <summary>The client checked the password itself (Parallels RAS with "Forward username only"); only the code is checked here.</summary>
        None,
    }
}
