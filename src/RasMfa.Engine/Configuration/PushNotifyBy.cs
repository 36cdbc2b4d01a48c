namespace RasMfa.Engine.Configuration
{
    /// <summary>Which channel carries a push approval's link: the Push provider (a webhook), or the user's e-mail or SMS.</summary>
    public enum PushNotifyBy
    {
        Webhook,
        Email,
        Sms,
    }
}
