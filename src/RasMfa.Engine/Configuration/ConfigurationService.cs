using System;
using RasMfa.Engine.Administration;

namespace RasMfa.Engine.Configuration
{
    /// <summary>The engine's front door for the server-wide settings; their ranges are <see cref="MfaSettings.Invalidity"/>'s alone.</summary>
    public sealed class ConfigurationService
    {
        private readonly ISettingsStore _settings;

        public ConfigurationService(ISettingsStore settings) => _settings = settings;

        public MfaSettings Get() => _settings.Get();

        /// <summary>Applies <paramref name="change"/> to the stored settings and writes them if every value is in range; null when not approved.</summary>
        public MfaSettings? Change(Action<MfaSettings> change, IChangeReview review)
        {
            var settings = _settings.Get();
            change(settings);
            var invalid = settings.Invalidity();
            if (invalid != null) throw new EngineException(EngineErrorKind.InvalidArgument, "InvalidConfiguration", invalid);
            if (!review.Approve("RasMfa configuration", "Change")) return null;
            _settings.Set(settings);
            return settings;
        }
    }
}
