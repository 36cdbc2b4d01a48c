namespace RasMfa.Engine.Hosting.Service
{
    /// <summary>Whether the service starts with the machine (systemctl enable; the SCM's auto start) or only when asked.</summary>
    public enum ServiceStartupType
    {
        Automatic,
        Manual,
    }
}
