namespace RasMfa.Engine.Push
{
    /// <summary>Where a push approval stands. Pending moves to one of the others exactly once.</summary>
    public enum PushDecision
    {
        Pending,
        Approved,
        Denied,
        Expired,

        /// <summary>An Approve with a number other than the one RAS showed: refused as a Deny is, told apart in the audit log.</summary>
        WrongNumber,
    }
}
