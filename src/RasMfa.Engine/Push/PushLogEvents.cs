using Microsoft.Extensions.Logging;

namespace RasMfa.Engine.Push
{
    /// <summary>Push's log events (7000s), kept here so the area adds no line to the shared list.</summary>
    public static class PushLogEvents
    {
        public static readonly EventId ApprovalPageFault = new EventId(7000, nameof(ApprovalPageFault));
        public static readonly EventId ApprovalPageStarted = new EventId(7001, nameof(ApprovalPageStarted));
        public static readonly EventId PushNotificationFailed = new EventId(7002, nameof(PushNotificationFailed));
    }
}
