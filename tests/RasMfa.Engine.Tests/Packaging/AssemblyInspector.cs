#if NET
using System;
using System.Collections.Generic;
using System.IO;
using System.Reflection;
using System.Reflection.Metadata;
using System.Reflection.Metadata.Ecma335;
using System.Reflection.PortableExecutable;

namespace RasMfa.Engine.Tests.Packaging
{
    /// <summary>What the packaging tests read from a shipped file's metadata, without loading it.</summary>
    internal sealed class AssemblyInspector
    {
        private AssemblyInspector(string path, AssemblyName name, IReadOnlyList<AssemblyName> references, bool isPlaceholder)
        {
            Path = path;
            Name = name;
            References = references;
            IsPlaceholder = isPlaceholder;
        }

        public string Path { get; }

        public AssemblyName Name { get; }

        public IReadOnlyList<AssemblyName> References { get; }

        /// <summary>
        /// A "not supported on this platform" build: most of its method bodies are a bare
        /// <c>throw new PlatformNotSupportedException(...)</c>, as the top-level lib/ builds of per-OS packages are.
        /// </summary>
        public bool IsPlaceholder { get; }

        /// <summary>The assembly in the file, or null for a native library.</summary>
        public static AssemblyInspector? Read(string path)
        {
            using var stream = File.OpenRead(path);
            using var pe = new PEReader(stream);
            if (!pe.HasMetadata) return null;
            var metadata = pe.GetMetadataReader();
            if (!metadata.IsAssembly) return null;
            var references = new List<AssemblyName>();
            foreach (var handle in metadata.AssemblyReferences) references.Add(metadata.GetAssemblyReference(handle).GetAssemblyName());
            return new AssemblyInspector(path, metadata.GetAssemblyDefinition().GetAssemblyName(), references, CountsAsPlaceholder(pe, metadata));
        }

        private static bool CountsAsPlaceholder(PEReader pe, MetadataReader metadata)
        {
            int bodies = 0, throwing = 0;
            foreach (var handle in metadata.MethodDefinitions)
            {
                var method = metadata.GetMethodDefinition(handle);
                if (method.RelativeVirtualAddress == 0) continue;
                bodies++;
                var il = pe.GetMethodBody(method.RelativeVirtualAddress).GetILBytes();
                if (il != null && IsBareNotSupportedThrow(il, metadata)) throwing++;
            }
            return bodies > 0 && throwing * 2 > bodies;
        }

        // A short body that ends in 'throw' (0x7A) after 'newobj' (0x73) of a PlatformNotSupportedException constructor.
        private static bool IsBareNotSupportedThrow(byte[] il, MetadataReader metadata)
        {
            if (il.Length == 0 || il.Length > 16 || il[il.Length - 1] != 0x7A) return false;
            for (int i = 0; i + 4 < il.Length; i++)
            {
                if (il[i] != 0x73) continue;
                int token = BitConverter.ToInt32(il, i + 1);
                if (ConstructedTypeName(token, metadata) == "PlatformNotSupportedException") return true;
            }
            return false;
        }

        private static string? ConstructedTypeName(int token, MetadataReader metadata)
        {
            try
            {
                var handle = MetadataTokens.EntityHandle(token);
                if (handle.Kind == HandleKind.MemberReference)
                {
                    var parent = metadata.GetMemberReference((MemberReferenceHandle)handle).Parent;
                    if (parent.Kind == HandleKind.TypeReference) return metadata.GetString(metadata.GetTypeReference((TypeReferenceHandle)parent).Name);
                    if (parent.Kind == HandleKind.TypeDefinition) return metadata.GetString(metadata.GetTypeDefinition((TypeDefinitionHandle)parent).Name);
                }
                if (handle.Kind == HandleKind.MethodDefinition)
                {
                    var type = metadata.GetMethodDefinition((MethodDefinitionHandle)handle).GetDeclaringType();
                    return metadata.GetString(metadata.GetTypeDefinition(type).Name);
                }
            }
            catch (ArgumentException)
            {
                // Operand bytes that only looked like a token.
            }
            return null;
        }
    }
}
#endif
