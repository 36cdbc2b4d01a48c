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
                property.SetValue(settings, property.PropertyType.IsEnum
                    ? Enum.Parse(property.PropertyType, value)
                    : Convert.ChangeType(value, property.PropertyType, CultureInfo.InvariantCulture));
            }
            return settings;
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
