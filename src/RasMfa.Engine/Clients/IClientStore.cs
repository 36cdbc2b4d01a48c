using System.Collections.Generic;

namespace RasMfa.Engine.Clients
{
    /// <summary>Where RADIUS clients are kept; a change bumps the store's change version, which running listeners poll.</summary>
    public interface IClientStore
    {
        IReadOnlyList<RadiusClientDefinition> List();

        RadiusClientDefinition? Get(string name);

        void Add(RadiusClientDefinition client);

        void Update(string existingName, RadiusClientDefinition client);

        void Remove(string name);
    }
}
