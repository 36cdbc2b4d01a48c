using System.Collections.Generic;

namespace RasMfa.Engine.FirstFactors
{
    /// <summary>Where the upstream RADIUS servers that check passwords are kept; one that a client names is not removed.</summary>
    public interface IUpstreamServerStore
    {
        IReadOnlyList<UpstreamRadiusServer> List();

        UpstreamRadiusServer? Get(string name);

        void Add(UpstreamRadiusServer server);

        void Update(string existingName, UpstreamRadiusServer server);

        void Remove(string name);
    }
}
