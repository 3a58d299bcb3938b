using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Reflection.Emit;
using System.Reflection.Metadata;
using System.Reflection.Metadata.Ecma335;
using System.Reflection.PortableExecutable;

namespace DbScoring.SqlClr.Tests;

/// <summary>
/// What SQL Server's IL verifier (CREATE ASSEMBLY, Msg 6218) and the servers it runs on refuse, found in metadata:
/// ref returns, ref structs (and Span), pointers, function pointers and the opcodes that need them (localloc,
/// calli, cpblk, initblk); System.ValueTuple, which mscorlib has only from .NET Framework 4.7; and the framework
/// crypto classes that throw when the Windows FIPS policy is on (SHA256Managed and the other *Managed / MD5 /
/// RIPEMD-160 classes). No IL verifier runs on Linux, so these rules stand in for peverify (docs/operations.md
/// says how a DBA runs peverify itself on Windows).
/// </summary>
internal sealed partial class SafeAssemblyInspector
{
    /// <summary>Framework classes that throw InvalidOperationException under the FIPS policy (.NET Framework).</summary>
    internal static readonly ImmutableHashSet<string> NotFipsCompliant = ImmutableHashSet.Create(
        StringComparer.Ordinal,
        "System.Security.Cryptography.SHA1Managed", "System.Security.Cryptography.SHA256Managed",
        "System.Security.Cryptography.SHA384Managed", "System.Security.Cryptography.SHA512Managed",
        "System.Security.Cryptography.MD5CryptoServiceProvider", "System.Security.Cryptography.MD5Cng",
        "System.Security.Cryptography.RIPEMD160Managed", "System.Security.Cryptography.HMACMD5",
        "System.Security.Cryptography.HMACRIPEMD160", "System.Security.Cryptography.RijndaelManaged",
        "System.Security.Cryptography.AesManaged");

    private static readonly ImmutableHashSet<string> RefStructTypes = ImmutableHashSet.Create(
        StringComparer.Ordinal, "System.Span`1", "System.ReadOnlySpan`1", "System.TypedReference", "System.ArgIterator");

    private static void InspectVerifiability(PEReader pe, MetadataReader md, List<string> problems)
    {
        var shapes = new SignatureShapes();
        foreach (TypeReferenceHandle h in md.TypeReferences)
        {
            string name = FullName(md, h);
            if (name.StartsWith("System.ValueTuple", StringComparison.Ordinal))
            {
                problems.Add($"uses {name}, which mscorlib has only from .NET Framework 4.7 (use a small named struct)");
            }

            if (NotFipsCompliant.Contains(name))
            {
                problems.Add($"uses {name}, which throws when the FIPS policy is on (use DbScoring.Runtime.Sha256)");
            }

            if (RefStructTypes.Contains(name))
            {
                problems.Add($"uses {name}, a ref struct (unverifiable, Msg 6218)");
            }
        }

        foreach (TypeDefinitionHandle th in md.TypeDefinitions)
        {
            TypeDefinition type = md.GetTypeDefinition(th);
            string typeName = FullName(md, th);
            if (HasAttribute(md, type.GetCustomAttributes(), "IsByRefLikeAttribute"))
            {
                problems.Add($"{typeName} is a ref struct (unverifiable, Msg 6218)");
            }

            foreach (FieldDefinitionHandle fh in type.GetFields())
            {
                FieldDefinition field = md.GetFieldDefinition(fh);
                shapes.Report(field.DecodeSignature(shapes, null), $"{typeName}.{md.GetString(field.Name)}", "field", problems);
            }

            foreach (MethodDefinitionHandle mh in type.GetMethods())
            {
                MethodDefinition method = md.GetMethodDefinition(mh);
                string where = $"{typeName}.{md.GetString(method.Name)}";
                MethodSignature<string> signature = method.DecodeSignature(shapes, null);
                if (signature.ReturnType.StartsWith(SignatureShapes.ByRef, StringComparison.Ordinal))
                {
                    problems.Add($"{where} returns by reference (ref return, unverifiable, Msg 6218)");
                }

                shapes.Report(signature.ReturnType, where, "return type", problems);
                foreach (string parameter in signature.ParameterTypes)
                {
                    shapes.Report(parameter, where, "parameter", problems);
                }

                if (method.RelativeVirtualAddress != 0)
                {
                    MethodBodyBlock body = pe.GetMethodBody(method.RelativeVirtualAddress);
                    if (!body.LocalSignature.IsNil)
                    {
                        foreach (string local in md.GetStandaloneSignature(body.LocalSignature).DecodeLocalSignature(shapes, null))
                        {
                            shapes.Report(local, where, "local", problems);
                        }
                    }
                }
            }
        }

        foreach (MemberReferenceHandle h in md.MemberReferences)
        {
            MemberReference member = md.GetMemberReference(h);
            string where = "reference to " + md.GetString(member.Name);
            if (member.GetKind() == MemberReferenceKind.Method)
            {
                MethodSignature<string> signature = member.DecodeMethodSignature(shapes, null);
                if (signature.ReturnType.StartsWith(SignatureShapes.ByRef, StringComparison.Ordinal))
                {
                    problems.Add($"{where} returns by reference (ref return, unverifiable, Msg 6218)");
                }

                foreach (string part in signature.ParameterTypes.Append(signature.ReturnType))
                {
                    shapes.Report(part, where, "signature", problems);
                }
            }
        }

        for (int row = 1; row <= md.GetTableRowCount(TableIndex.TypeSpec); row++)
        {
            TypeSpecificationHandle h = MetadataTokens.TypeSpecificationHandle(row);
            shapes.Report(md.GetTypeSpecification(h).DecodeSignature(shapes, null), "type specification", "type", problems);
        }
    }

    private static void CheckUnverifiableOpCode(OpCode op, string typeName, string methodName, List<string> problems)
    {
        if (op == OpCodes.Localloc || op == OpCodes.Calli || op == OpCodes.Cpblk || op == OpCodes.Initblk)
        {
            problems.Add($"{typeName}.{methodName} uses the unverifiable opcode {op.Name} (Msg 6218)");
        }
    }

    private static bool HasAttribute(MetadataReader md, CustomAttributeHandleCollection attributes, string attributeName)
    {
        foreach (CustomAttributeHandle h in attributes)
        {
            EntityHandle constructor = md.GetCustomAttribute(h).Constructor;
            EntityHandle type = constructor.Kind switch
            {
                HandleKind.MemberReference => md.GetMemberReference((MemberReferenceHandle)constructor).Parent,
                HandleKind.MethodDefinition => md.GetMethodDefinition((MethodDefinitionHandle)constructor).GetDeclaringType(),
                _ => default,
            };
            string? name = type.Kind switch
            {
                HandleKind.TypeReference => md.GetString(md.GetTypeReference((TypeReferenceHandle)type).Name),
                HandleKind.TypeDefinition => md.GetString(md.GetTypeDefinition((TypeDefinitionHandle)type).Name),
                _ => null,
            };
            if (name == attributeName)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// Decodes signatures to text in which pointers, function pointers and byrefs are marked, so that one string
    /// search tells whether a field, parameter, local or return type needs unverifiable code.
    /// </summary>
    private sealed class SignatureShapes : ISignatureTypeProvider<string, object?>
    {
        internal const string ByRef = "{byref}";
        private const string Pointer = "{pointer}";
        private const string FunctionPointer = "{function-pointer}";
        internal void Report(string shape, string where, string what, List<string> problems)
        {
            if (shape.Contains(Pointer, StringComparison.Ordinal))
            {
                problems.Add($"{where}: a {what} is a pointer (unsafe code, unverifiable, Msg 6218)");
            }

            if (shape.Contains(FunctionPointer, StringComparison.Ordinal))
            {
                problems.Add($"{where}: a {what} is a function pointer (unverifiable, Msg 6218)");
            }
        }

        public string GetArrayType(string elementType, ArrayShape shape) => elementType + "[,]";
        public string GetByReferenceType(string elementType) => ByRef + elementType;
        public string GetFunctionPointerType(MethodSignature<string> signature) => FunctionPointer;
        public string GetGenericInstantiation(string genericType, ImmutableArray<string> typeArguments) => genericType + "<" + string.Join(",", typeArguments) + ">";
        public string GetGenericMethodParameter(object? genericContext, int index) => "!!" + index;
        public string GetGenericTypeParameter(object? genericContext, int index) => "!" + index;
        public string GetModifiedType(string modifier, string unmodifiedType, bool isRequired) => unmodifiedType;
        public string GetPinnedType(string elementType) => "pinned " + elementType;
        public string GetPointerType(string elementType) => elementType + Pointer;
        public string GetPrimitiveType(PrimitiveTypeCode typeCode) => typeCode.ToString();
        public string GetSZArrayType(string elementType) => elementType + "[]";
        public string GetTypeFromDefinition(MetadataReader reader, TypeDefinitionHandle handle, byte rawTypeKind) => FullName(reader, handle);
        public string GetTypeFromReference(MetadataReader reader, TypeReferenceHandle handle, byte rawTypeKind) => FullName(reader, handle);
        public string GetTypeFromSpecification(MetadataReader reader, object? genericContext, TypeSpecificationHandle handle, byte rawTypeKind) =>
            reader.GetTypeSpecification(handle).DecodeSignature(this, genericContext);
    }
}
