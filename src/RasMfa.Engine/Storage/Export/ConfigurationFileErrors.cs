using RasMfa.Engine.Administration;

namespace RasMfa.Engine.Storage.Export
{
    /// <summary>The refusals of a configuration export or import, each with the id a script catches it by.</summary>
    public static class ConfigurationFileErrors
    {
        public const string PassphraseWrongId = "ConfigurationPassphraseWrong";
        public const string PassphraseTooShortId = "ConfigurationPassphraseTooShort";
        public const string DamagedId = "ConfigurationFileDamaged";
        public const string UnsupportedId = "ConfigurationFileUnsupported";
        public const string FileExistsId = "ConfigurationFileExists";
        public const string FileUnreadableId = "ConfigurationFileUnreadable";
        public const string StoreNotEmptyId = "ConfigurationStoreNotEmpty";
        public const string SecretsUnreadableId = "ConfigurationSecretsUnreadable";
        public const string SchemaTooNewId = "ConfigurationSchemaTooNew";

        internal static EngineException Damaged(string why) => new EngineException(EngineErrorKind.Unreadable, DamagedId,
            $"The configuration file cannot be read: {why}. It was damaged, cut short or altered since it was exported; nothing was imported. Use an intact copy.");

        internal static EngineException Unsupported(string why) => new EngineException(EngineErrorKind.Unreadable, UnsupportedId,
            $"The configuration file is refused before any work: {why}.");

        internal static EngineException PassphraseWrong() => new EngineException(EngineErrorKind.InvalidArgument, PassphraseWrongId,
            "The passphrase does not open this configuration file: it is not the passphrase the file was exported with " +
            "(mind the keyboard layout and Caps Lock), or the file's header was altered. Nothing was imported.");
    }
}
