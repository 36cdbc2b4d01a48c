using System.Collections.Generic;

namespace RasMfa.Engine.Entra
{
    /// <summary>Where Entra ID tenants are kept, their secrets sealed.</summary>
    public interface IEntraTenantStore
    {
        IReadOnlyList<EntraTenantDefinition> List();

        EntraTenantDefinition? Get(string name);

        void Add(EntraTenantDefinition tenant);

        void Update(string existingName, EntraTenantDefinition tenant);

        /// <summary>False when no tenant has the name.</summary>
        bool Remove(string name);
    }
}
