namespace RasMfa.Engine.Mfa.Methods
{
    /// <summary>
    /// A method whose challenge is answered once: a failed round ends the login with a Reject rather than asking again
    /// (a push approval denied, or not decided in time, cannot be decided again on the same challenge).
    /// </summary>
    public interface ISingleRoundMethod : ISecondFactorMethod
    {
    }
}
