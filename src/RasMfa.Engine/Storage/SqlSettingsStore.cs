using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Reflection;
using RasMfa.Engine.Configuration;

namespace RasMfa.Engine.Storage
{
    /// <summary>Settings as name/value rows: a setting added later needs no migration, and an unset one keeps its default.</summary>
    internal sealed class SqlSettingsStore : ISettingsStore
    {
        private static readonly PropertyInfo[] Properties = typeof(MfaSettings).GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.CanWrite).ToArray();
        private readonly StoreDatabase _database;

        public SqlSettingsStore(StoreDatabase database) => _database = database;

        public MfaSettings Get()
        {
            var settings = new MfaSettings();
            var stored = _database.Query("SELECT name, value FROM setting", reader => (Name: reader.GetString(0), Value: reader.GetString(1)));
            foreach (var (name, value) in stored)
            {
                var property = Properties.FirstOrDefault(p => p.Name == name);
                if (property == null) continue;
                property.SetValue(settings, Parse(property, value));
            }
            return settings;
        }

        // A value this build cannot read (a newer server's, a hand-edited row) is refused, not taken as the default: a
        // default can be weaker than what the admin set, so the listener does not start (nor reload) on a guess.
        private static object Parse(PropertyInfo property, string value)
        {
            try
            {
                if (!property.PropertyType.IsEnum) return Convert.ChangeType(value, property.PropertyType, CultureInfo.InvariantCulture);
                var parsed = Enum.Parse(property.PropertyType, value);
                if (Enum.IsDefined(property.PropertyType, parsed)) return parsed;
            }
            catch (Exception e) when (e is ArgumentException || e is FormatException || e is OverflowException || e is InvalidCastException)
            {
            }
            throw new StoreException(StoreErrorKind.Unreadable, MfaSettings.UnreadableErrorId,
                $"The stored setting {property.Name} has the value '{value}', which this version of RasMfa cannot read (a newer server's, or a row edited by hand). " +
                $"Upgrade this server, or set {property.Name} again from a server that reads the value (Set-RasMfaConfiguration); nothing is run with a guessed value.");
        }

        public void Set(MfaSettings settings)
        {
            var invalid = settings.Invalidity();
            if (invalid != null) throw new StoreException(StoreErrorKind.Conflict, "InvalidConfiguration", invalid);
            _database.InTransaction((connection, transaction) =>
            {
                foreach (var property in Properties)
                {
                    using var command = StoreDatabase.Command(connection, transaction,
                        "INSERT INTO setting (name, value) VALUES (@name, @value) ON CONFLICT (name) DO UPDATE SET value = excluded.value",
                        ("@name", property.Name), ("@value", Convert.ToString(property.GetValue(settings), CultureInfo.InvariantCulture)));
                    command.ExecuteNonQuery();
                }
                return 0;
            }, bumpVersion: true);
        }
    }
}
