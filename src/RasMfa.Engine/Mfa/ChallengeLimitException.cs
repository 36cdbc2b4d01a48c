using System;

namespace RasMfa.Engine.Mfa
{
    /// <summary>A challenge was not opened because a cap on open challenges was reached; the request gets no answer.</summary>
    public sealed class ChallengeLimitException : Exception
    {
        public ChallengeLimitException(string clientName, ChallengeRoom room)
            : base(room == ChallengeRoom.AllFull
                ? "The listener holds as many open challenges as MaxPendingChallenges allows."
                : $"Client {clientName} holds as many open challenges as MaxPendingChallengesPerClient allows.")
        {
            ClientName = clientName;
            Room = room;
        }

        public string ClientName { get; }

        /// <summary>Which cap: <see cref="ChallengeRoom.ClientFull"/> or <see cref="ChallengeRoom.AllFull"/>.</summary>
        public ChallengeRoom Room { get; }
    }
}
