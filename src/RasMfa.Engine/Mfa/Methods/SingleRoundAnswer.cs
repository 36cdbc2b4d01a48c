namespace RasMfa.Engine.Mfa.Methods
{
    /// <summary>
    /// How a single-round method's one round ended: a match, or why not, in words for the audit log ("denied on the
    /// approval page" must not read as a wrong code), or a round the server could not take at all (not the user's doing).
    /// </summary>
    public sealed class SingleRoundAnswer
    {
        private SingleRoundAnswer(MethodMatch? match, string? failure, bool notTaken)
        {
            Match = match;
            Failure = failure;
            NotTaken = notTaken;
        }

        public MethodMatch? Match { get; }

        /// <summary>Why the round did not match (null for a match, or a round this method does not know).</summary>
        public string? Failure { get; }

        /// <summary>The server was too busy to take the round (a capacity cap): refused without counting against the user.</summary>
        public bool NotTaken { get; }

        public static SingleRoundAnswer Matched(MethodMatch match) => new SingleRoundAnswer(match, null, false);

        /// <summary>Not the method's round (another user's or client's, or none): answered as a wrong code is.</summary>
        public static readonly SingleRoundAnswer Unknown = new SingleRoundAnswer(null, null, false);

        public static SingleRoundAnswer Failed(string why) => new SingleRoundAnswer(null, why, false);

        public static SingleRoundAnswer Busy(string why) => new SingleRoundAnswer(null, why, true);
    }
}
