namespace RasMfa.Engine.Configuration
{
    /// <summary>Where the server-wide settings are kept; a change bumps the store's change version, which running listeners poll.</summary>
    public interface ISettingsStore
    {
        MfaSettings Get();

        void Set(MfaSettings settings);
    }
}
