#if NET
using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Reflection.Emit;
using System.Reflection.Metadata;
using System.Reflection.Metadata.Ecma335;
using System.Reflection.PortableExecutable;

namespace RasMfa.Engine.Tests.Packaging
{
    /// <summary>
    /// Which namespaces each namespace of an assembly uses, read from its metadata without loading it: base types,
    /// interfaces, field, method and property signatures, locals, and every type, method or field a method body names.
    /// </summary>
    internal static class NamespaceDependencies
    {
        /// <summary>A type and the namespaces, other than its own, that it uses.</summary>
        public sealed class TypeUses
        {
            public TypeUses(string type, string ns)
            {
                Type = type;
                Namespace = ns;
            }

            public string Type { get; }

            public string Namespace { get; }

            public ISet<string> Namespaces { get; } = new HashSet<string>(StringComparer.Ordinal);
        }

        private static readonly Dictionary<short, OpCode> OpCodesByValue = typeof(OpCodes)
            .GetFields(BindingFlags.Public | BindingFlags.Static)
            .Select(field => (OpCode)field.GetValue(null)!)
            .ToDictionary(code => code.Value);

        /// <summary>For each type the assembly defines (nested types count as their outermost type), the other namespaces it uses.</summary>
        public static IReadOnlyList<TypeUses> Read(string assemblyPath)
        {
            using var stream = File.OpenRead(assemblyPath);
            using var pe = new PEReader(stream);
            var metadata = pe.GetMetadataReader();
            var names = new NamespaceOf(metadata);
            var byType = new Dictionary<string, TypeUses>(StringComparer.Ordinal);
            foreach (var typeHandle in metadata.TypeDefinitions)
            {
                var outermost = names.Outermost(typeHandle);
                var owner = metadata.GetString(outermost.Namespace);
                if (owner.Length == 0) continue; // <Module> and compiler-made types outside any namespace
                var typeName = owner + "." + metadata.GetString(outermost.Name);
                if (!byType.TryGetValue(typeName, out var uses)) byType[typeName] = uses = new TypeUses(typeName, owner);
                foreach (var ns in UsedBy(pe, metadata, names, metadata.GetTypeDefinition(typeHandle)))
                {
                    if (ns.Length > 0 && ns != owner) uses.Namespaces.Add(ns);
                }
            }
            return byType.Values.ToList();
        }

        private static IEnumerable<string> UsedBy(PEReader pe, MetadataReader metadata, NamespaceOf names, TypeDefinition type)
        {
            if (!type.BaseType.IsNil) foreach (var ns in names.Of(type.BaseType)) yield return ns;
            foreach (var handle in type.GetInterfaceImplementations())
                foreach (var ns in names.Of(metadata.GetInterfaceImplementation(handle).Interface)) yield return ns;
            foreach (var handle in type.GetFields())
                foreach (var ns in metadata.GetFieldDefinition(handle).DecodeSignature(names, null)) yield return ns;
            foreach (var handle in type.GetProperties())
            {
                var signature = metadata.GetPropertyDefinition(handle).DecodeSignature(names, null);
                foreach (var ns in signature.ReturnType.Concat(signature.ParameterTypes.SelectMany(p => p))) yield return ns;
            }
            foreach (var handle in type.GetMethods())
            {
                var method = metadata.GetMethodDefinition(handle);
                var signature = method.DecodeSignature(names, null);
                foreach (var ns in signature.ReturnType.Concat(signature.ParameterTypes.SelectMany(p => p))) yield return ns;
                if (method.RelativeVirtualAddress == 0) continue;
                var body = pe.GetMethodBody(method.RelativeVirtualAddress);
                if (!body.LocalSignature.IsNil)
                {
                    var locals = metadata.GetStandaloneSignature(body.LocalSignature).DecodeLocalSignature(names, null);
                    foreach (var ns in locals.SelectMany(l => l)) yield return ns;
                }
                foreach (var token in TokensIn(body.GetILBytes()!))
                    foreach (var ns in names.OfToken(token)) yield return ns;
            }
        }

        /// <summary>The metadata tokens a method body's instructions name (types, methods, fields, signatures).</summary>
        private static IEnumerable<int> TokensIn(byte[] il)
        {
            for (int i = 0; i < il.Length;)
            {
                short value = il[i] == 0xFE ? (short)(0xFE00 | il[i + 1]) : il[i];
                var code = OpCodesByValue[value];
                i += code.Size;
                switch (code.OperandType)
                {
                    case OperandType.InlineField:
                    case OperandType.InlineMethod:
                    case OperandType.InlineType:
                    case OperandType.InlineTok:
                    case OperandType.InlineSig:
                        yield return BitConverter.ToInt32(il, i);
                        i += 4;
                        break;
                    case OperandType.InlineSwitch:
                        i += 4 + 4 * BitConverter.ToInt32(il, i);
                        break;
                    case OperandType.InlineI8:
                    case OperandType.InlineR:
                        i += 8;
                        break;
                    case OperandType.ShortInlineBrTarget:
                    case OperandType.ShortInlineI:
                    case OperandType.ShortInlineVar:
                        i += 1;
                        break;
                    case OperandType.InlineVar:
                        i += 2;
                        break;
                    case OperandType.InlineNone:
                        break;
                    default: // InlineBrTarget, InlineI, InlineString, ShortInlineR
                        i += 4;
                        break;
                }
            }
        }

        /// <summary>The namespaces a handle or signature names; a nested type counts as its outermost type's namespace.</summary>
        private sealed class NamespaceOf : ISignatureTypeProvider<ImmutableArray<string>, object?>
        {
            private readonly MetadataReader _metadata;

            public NamespaceOf(MetadataReader metadata) => _metadata = metadata;

            public TypeDefinition Outermost(TypeDefinitionHandle handle)
            {
                var type = _metadata.GetTypeDefinition(handle);
                while (type.IsNested) type = _metadata.GetTypeDefinition(type.GetDeclaringType());
                return type;
            }

            public string Of(TypeDefinitionHandle handle) => _metadata.GetString(Outermost(handle).Namespace);

            public ImmutableArray<string> Of(EntityHandle handle) => handle.Kind switch
            {
                HandleKind.TypeDefinition => ImmutableArray.Create(Of((TypeDefinitionHandle)handle)),
                HandleKind.TypeReference => ImmutableArray.Create(OfReference((TypeReferenceHandle)handle)),
                HandleKind.TypeSpecification => _metadata.GetTypeSpecification((TypeSpecificationHandle)handle).DecodeSignature(this, null),
                _ => ImmutableArray<string>.Empty,
            };

            public IEnumerable<string> OfToken(int token)
            {
                var handle = MetadataTokens.EntityHandle(token);
                switch (handle.Kind)
                {
                    case HandleKind.MethodDefinition:
                        return new[] { Of(_metadata.GetMethodDefinition((MethodDefinitionHandle)handle).GetDeclaringType()) };
                    case HandleKind.FieldDefinition:
                        return new[] { Of(_metadata.GetFieldDefinition((FieldDefinitionHandle)handle).GetDeclaringType()) };
                    case HandleKind.MemberReference:
                        var member = _metadata.GetMemberReference((MemberReferenceHandle)handle);
                        return Of(member.Parent).Concat(member.GetKind() == MemberReferenceKind.Method
                            ? Flatten(member.DecodeMethodSignature(this, null))
                            : member.DecodeFieldSignature(this, null));
                    case HandleKind.MethodSpecification:
                        var specification = _metadata.GetMethodSpecification((MethodSpecificationHandle)handle);
                        return OfToken(MetadataTokens.GetToken(specification.Method))
                            .Concat(specification.DecodeSignature(this, null).SelectMany(t => t));
                    case HandleKind.StandaloneSignature:
                        var standalone = _metadata.GetStandaloneSignature((StandaloneSignatureHandle)handle);
                        return standalone.GetKind() == StandaloneSignatureKind.Method
                            ? Flatten(standalone.DecodeMethodSignature(this, null))
                            : standalone.DecodeLocalSignature(this, null).SelectMany(t => t);
                    default:
                        return Of(handle);
                }
            }

            private string OfReference(TypeReferenceHandle handle)
            {
                var reference = _metadata.GetTypeReference(handle);
                while (reference.ResolutionScope.Kind == HandleKind.TypeReference)
                    reference = _metadata.GetTypeReference((TypeReferenceHandle)reference.ResolutionScope);
                return _metadata.GetString(reference.Namespace);
            }

            private static IEnumerable<string> Flatten(MethodSignature<ImmutableArray<string>> signature) =>
                signature.ReturnType.Concat(signature.ParameterTypes.SelectMany(p => p));

            public ImmutableArray<string> GetTypeFromDefinition(MetadataReader reader, TypeDefinitionHandle handle, byte rawTypeKind) => ImmutableArray.Create(Of(handle));

            public ImmutableArray<string> GetTypeFromReference(MetadataReader reader, TypeReferenceHandle handle, byte rawTypeKind) => ImmutableArray.Create(OfReference(handle));

            public ImmutableArray<string> GetTypeFromSpecification(MetadataReader reader, object? context, TypeSpecificationHandle handle, byte rawTypeKind) =>
                reader.GetTypeSpecification(handle).DecodeSignature(this, context);

            public ImmutableArray<string> GetGenericInstantiation(ImmutableArray<string> genericType, ImmutableArray<ImmutableArray<string>> typeArguments) =>
                genericType.AddRange(typeArguments.SelectMany(t => t));

            public ImmutableArray<string> GetPrimitiveType(PrimitiveTypeCode typeCode) => ImmutableArray<string>.Empty;

            public ImmutableArray<string> GetSZArrayType(ImmutableArray<string> elementType) => elementType;

            public ImmutableArray<string> GetArrayType(ImmutableArray<string> elementType, ArrayShape shape) => elementType;

            public ImmutableArray<string> GetByReferenceType(ImmutableArray<string> elementType) => elementType;

            public ImmutableArray<string> GetPointerType(ImmutableArray<string> elementType) => elementType;

            public ImmutableArray<string> GetPinnedType(ImmutableArray<string> elementType) => elementType;

            public ImmutableArray<string> GetModifiedType(ImmutableArray<string> modifier, ImmutableArray<string> unmodifiedType, bool isRequired) => unmodifiedType;

            public ImmutableArray<string> GetFunctionPointerType(MethodSignature<ImmutableArray<string>> signature) => Flatten(signature).ToImmutableArray();

            public ImmutableArray<string> GetGenericMethodParameter(object? context, int index) => ImmutableArray<string>.Empty;

            public ImmutableArray<string> GetGenericTypeParameter(object? context, int index) => ImmutableArray<string>.Empty;
        }
    }
}
#endif
