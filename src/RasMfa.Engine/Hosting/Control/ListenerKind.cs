namespace RasMfa.Engine.Hosting.Control
{
    /// <summary>What runs a listener: an admin's PowerShell session (Start-RasMfaRadiusServer) or the service host.</summary>
    public enum ListenerKind
    {
        Session,
        Service,
    }
}
