using System.Collections.Generic;

namespace RasMfa.Engine.Directories
{
    /// <summary>Where directory definitions are kept; one that a client names is not removed.</summary>
    public interface IDirectoryStore
    {
        IReadOnlyList<DirectoryDefinition> List();

        DirectoryDefinition? Get(string name);

        void Add(DirectoryDefinition directory);

        void Update(string existingName, DirectoryDefinition directory);

        void Remove(string name);
    }
}
