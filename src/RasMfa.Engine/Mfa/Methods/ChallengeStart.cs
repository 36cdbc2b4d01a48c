using System;

namespace RasMfa.Engine.Mfa.Methods
{
    /// <summary>What a method's <see cref="ISecondFactorMethod.BeginAsync"/> started: the prompt, and what it must remember; or why it could not.</summary>
    public sealed class ChallengeStart
    {
        public ChallengeStart(string prompt, string? data = null, DateTime? keepUntilUtc = null)
        {
            Prompt = prompt;
            Data = data;
            KeepUntilUtc = keepUntilUtc;
        }

        /// <summary>The challenge's Reply-Message, e.g. where the code went ("Enter the code sent to +1•••••0101"); a refusal's Reply-Message.</summary>
        public string Prompt { get; }

        /// <summary>Kept with the pending challenge in the store (any server may verify the next round) and handed back to the same method's verification (e.g. the sent code's hash).</summary>
        public string? Data { get; }

        /// <summary>The pending challenge must live at least until then (a sent code's expiry), beyond ChallengeLifetimeSeconds if need be.</summary>
        public DateTime? KeepUntilUtc { get; }

        /// <summary>Set when nothing was started (over a send limit, a failed delivery): the audit log's reason. The login is rejected with <see cref="Prompt"/>.</summary>
        public string? Refusal { get; private set; }

        /// <summary>A start that did not happen: <paramref name="replyMessage"/> tells the user plainly, <paramref name="auditReason"/> tells the admin why.</summary>
        public static ChallengeStart Refused(string replyMessage, string auditReason) => new ChallengeStart(replyMessage) { Refusal = auditReason };
    }
}
