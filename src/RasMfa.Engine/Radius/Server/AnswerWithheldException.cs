using System;

namespace RasMfa.Engine.Radius.Server
{
    /// <summary>
    /// A handler's choice to send nothing, so that the client retries or fails over to another server: the listener
    /// drops the request (counted as <see cref="DropReason.AnswerWithheld"/>) and forgets it, so a retransmission is decided afresh.
    /// </summary>
    public sealed class AnswerWithheldException : Exception
    {
        public AnswerWithheldException(string reason, Exception? inner = null) : base(reason, inner)
        {
        }
    }
}
