using System.Collections.Generic;
using RasMfa.Engine.Clients;

namespace RasMfa.Engine.Storage
{
    /// <summary>
    /// Durable configuration and state. Every change bumps <see cref="GetChangeVersion"/>, which running
    /// listeners poll to pick up changes made by other sessions or processes.
    /// </summary>
    public interface IRasMfaStore
    {
        string Location { get; }

        long GetChangeVersion();

        IReadOnlyList<RadiusClientDefinition> GetClients();

        RadiusClientDefinition? GetClient(string name);

        void AddClient(RadiusClientDefinition client);

        void UpdateClient(string existingName, RadiusClientDefinition client);

        void RemoveClient(string name);
    }
}
