namespace RasMfa.Engine.Clients
{
    /// <summary>What an empty password does in a code-only first round ("Forward username only").</summary>
    public enum EmptyPasswordAction
    {
        /// <summary>Asks for a code with the client's prompt; nothing is sent until the user types a keyword.</summary>
        Challenge,

        /// <summary>Starts the user's default method at once (sends the SMS, places the call), as RAS's "autosend" action does.</summary>
        StartDefault,
    }
}
