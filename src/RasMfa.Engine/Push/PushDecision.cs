namespace RasMfa.Engine.Push
{
    /// <summary>Where a push approval stands. Pending moves to one of the others exactly once.</summary>
    public enum PushDecision
    {
        Pending,
        Approved,
        Denied,
        Expired,
    }
}
