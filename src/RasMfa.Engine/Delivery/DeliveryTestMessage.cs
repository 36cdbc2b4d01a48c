using System;
using System.Globalization;
using System.Net;

namespace RasMfa.Engine.Delivery
{
    /// <summary>
    /// What Test-RasMfaDeliveryProvider sends: says where it comes from, asks nothing of the person who gets it. A call's
    /// words carry no time, whose digits a voice would read one by one.
    /// </summary>
    public static class DeliveryTestMessage
    {
        public const string Subject = "RasMfa test message";

        public static OutgoingMessage For(DeliveryKind kind, string recipient, string machine, DateTime localTime)
        {
            var text = kind == DeliveryKind.Voice
                ? $"This is a test call from RasMfa on {machine}. No action is needed."
                : $"This is a test message from RasMfa on {machine} at {localTime.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture)}. No action is needed.";
            return new OutgoingMessage(recipient, Subject, text, $"<p>{WebUtility.HtmlEncode(text)}</p>");
        }
    }
}
