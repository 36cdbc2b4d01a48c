namespace RasMfa.Engine.Mfa.Methods
{
    /// <summary>What a method's <see cref="ISecondFactorMethod.BeginAsync"/> started: the prompt, and what it must remember.</summary>
    public sealed class ChallengeStart
    {
        public ChallengeStart(string prompt, string? data = null)
        {
            Prompt = prompt;
            Data = data;
        }

        /// <summary>The challenge's Reply-Message, e.g. where the code went ("Enter the code sent to +1•••••0101").</summary>
        public string Prompt { get; }

        /// <summary>Kept with the pending challenge in the store (any server may verify the next round) and handed back to the same method's verification (e.g. the sent code's hash).</summary>
        public string? Data { get; }
    }
}
