#if NET
using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Reflection.Emit;
using System.Reflection.Metadata;
using System.Reflection.Metadata.Ecma335;
using System.Reflection.PortableExecutable;

namespace DbScoring.Runtime.Tests
{
    /// <summary>The SQL Server SAFE rule a construct breaks.</summary>
    public enum SafeRule
    {
        /// <summary>References an assembly outside SQL Server's supported .NET Framework libraries.</summary>
        AssemblyReference,
        /// <summary>A static field that is not readonly (InitOnly) or const; includes compiler caches in &lt;&gt;c / &lt;&gt;O.</summary>
        WritableStaticField,
        /// <summary>An stsfld instruction outside a static constructor.</summary>
        StaticStoreOutsideStaticConstructor,
        /// <summary>A P/Invoke method (PinvokeImpl or a method import).</summary>
        PInvoke,
        /// <summary>A finalizer (Finalize override).</summary>
        Finalizer,
        /// <summary>A reference to a host-protected or threading type (Monitor, Thread, Task, ...).</summary>
        ForbiddenType,
        /// <summary>Unsafe (unverifiable) code.</summary>
        UnverifiableCode,
    }

    /// <summary>One finding: the rule and where it is broken.</summary>
    public sealed class SafeViolation
    {
        public SafeViolation(SafeRule rule, string where)
        {
            Rule = rule;
            Where = where;
        }

        public SafeRule Rule { get; }

        public string Where { get; }

        public override string ToString() => Rule + ": " + Where;
    }

    /// <summary>
    /// Checks a compiled assembly, without loading it, for what SQL Server refuses in a SAFE assembly: writable
    /// statics, static stores outside .cctor, P/Invoke, finalizers, threading and locking types, unverifiable code,
    /// and references outside the supported framework libraries. Reusable by the SQL CLR layer's tests (link or copy).
    /// </summary>
    public static class SafeAssemblyInspector
    {
        /// <summary>
        /// SQL Server's "Supported .NET Framework libraries" for CLR integration, loaded from the GAC without
        /// CREATE ASSEMBLY: https://learn.microsoft.com/en-us/sql/relational-databases/clr-integration/database-objects/supported-net-framework-libraries
        /// (SQL Server 2016–2025). Microsoft.CSharp and System.Runtime.Serialization are not on it.
        /// </summary>
        public static readonly IReadOnlyCollection<string> SupportedLibraries = new HashSet<string>(StringComparer.OrdinalIgnoreCase)
        {
            "mscorlib", "CustomMarshalers", "Microsoft.VisualBasic", "Microsoft.VisualC", "System", "System.Configuration",
            "System.Core", "System.Data", "System.Data.OracleClient", "System.Data.SqlXml", "System.Deployment",
            "System.Security", "System.Transactions", "System.Web.Services", "System.Xml", "System.Xml.Linq",
        };

        /// <summary>
        /// Types whose use SQL Server rejects in SAFE code (locking, threads, tasks, concurrent collections, Emit), and
        /// System.ValueTuple, which mscorlib has only from .NET Framework 4.7 (a server on 4.6 would fail to load us).
        /// </summary>
        public static readonly IReadOnlyCollection<string> ForbiddenTypes = new HashSet<string>(StringComparer.Ordinal)
        {
            "System.Threading.Monitor", "System.Threading.Thread", "System.Threading.ThreadPool", "System.Threading.Mutex",
            "System.Threading.Semaphore", "System.Threading.Timer", "System.Threading.Tasks.Task", "System.Threading.Tasks.Task`1",
            "System.Threading.Tasks.Parallel", "System.Collections.Concurrent.ConcurrentDictionary`2",
            "System.Runtime.InteropServices.Marshal", "System.Runtime.InteropServices.GCHandle",
            "System.Security.UnverifiableCodeAttribute",
            "System.ValueTuple", "System.ValueTuple`1", "System.ValueTuple`2", "System.ValueTuple`3", "System.ValueTuple`4",
            "System.ValueTuple`5", "System.ValueTuple`6", "System.ValueTuple`7", "System.ValueTuple`8",
        };

        private static readonly Dictionary<ushort, OperandType> Operands = BuildOperandTable();

        /// <summary>Every violation found in the assembly at <paramref name="path"/>; empty when it is SAFE-clean.</summary>
        public static IReadOnlyList<SafeViolation> Inspect(string path)
        {
            using (var stream = File.OpenRead(path))
            using (var pe = new PEReader(stream))
            {
                var md = pe.GetMetadataReader();
                var found = new List<SafeViolation>();

                foreach (var handle in md.AssemblyReferences)
                {
                    string name = md.GetString(md.GetAssemblyReference(handle).Name);
                    if (!SupportedLibraries.Contains(name)) found.Add(new SafeViolation(SafeRule.AssemblyReference, name));
                }

                foreach (var handle in md.TypeReferences)
                {
                    string name = FullName(md, handle);
                    if (ForbiddenTypes.Contains(name))
                        found.Add(new SafeViolation(name.EndsWith("UnverifiableCodeAttribute", StringComparison.Ordinal) ? SafeRule.UnverifiableCode : SafeRule.ForbiddenType, name));
                    else if (name.StartsWith("System.Reflection.Emit.", StringComparison.Ordinal))
                        found.Add(new SafeViolation(SafeRule.ForbiddenType, name));
                }

                foreach (var typeHandle in md.TypeDefinitions)
                {
                    var type = md.GetTypeDefinition(typeHandle);
                    string typeName = FullName(md, typeHandle);
                    bool isInterface = (type.Attributes & TypeAttributes.Interface) != 0;

                    foreach (var fieldHandle in type.GetFields())
                    {
                        var field = md.GetFieldDefinition(fieldHandle);
                        var a = field.Attributes;
                        if ((a & FieldAttributes.Static) != 0 && (a & FieldAttributes.InitOnly) == 0 && (a & FieldAttributes.Literal) == 0)
                            found.Add(new SafeViolation(SafeRule.WritableStaticField, typeName + "::" + md.GetString(field.Name)));
                    }

                    foreach (var methodHandle in type.GetMethods())
                    {
                        var method = md.GetMethodDefinition(methodHandle);
                        string methodName = md.GetString(method.Name);
                        string where = typeName + "::" + methodName;
                        if ((method.Attributes & MethodAttributes.PinvokeImpl) != 0 || !method.GetImport().Module.IsNil)
                            found.Add(new SafeViolation(SafeRule.PInvoke, where));
                        if (!isInterface && methodName == "Finalize" && (method.Attributes & MethodAttributes.Virtual) != 0
                            && method.GetParameters().Count == 0 && method.DecodeSignature(new ParameterCounter(), null).ParameterTypes.Length == 0)
                            found.Add(new SafeViolation(SafeRule.Finalizer, where));
                        if (method.RelativeVirtualAddress != 0 && methodName != ".cctor")
                            foreach (string target in StaticStores(md, pe.GetMethodBody(method.RelativeVirtualAddress)))
                                found.Add(new SafeViolation(SafeRule.StaticStoreOutsideStaticConstructor, where + " stores " + target));
                    }
                }
                return found;
            }
        }

        /// <summary>Whether <paramref name="path"/> was built for .NET Framework (its TargetFrameworkAttribute).</summary>
        public static string? TargetFramework(string path)
        {
            using (var stream = File.OpenRead(path))
            using (var pe = new PEReader(stream))
            {
                var md = pe.GetMetadataReader();
                foreach (var handle in md.GetAssemblyDefinition().GetCustomAttributes())
                {
                    var attribute = md.GetCustomAttribute(handle);
                    if (attribute.Constructor.Kind != HandleKind.MemberReference) continue;
                    var ctor = md.GetMemberReference((MemberReferenceHandle)attribute.Constructor);
                    if (ctor.Parent.Kind != HandleKind.TypeReference || FullName(md, (TypeReferenceHandle)ctor.Parent) != "System.Runtime.Versioning.TargetFrameworkAttribute") continue;
                    var blob = md.GetBlobReader(attribute.Value);
                    blob.ReadUInt16(); // prolog 0x0001
                    return blob.ReadSerializedString();
                }
                return null;
            }
        }

        private static IEnumerable<string> StaticStores(MetadataReader md, MethodBodyBlock body)
        {
            var il = body.GetILReader();
            while (il.RemainingBytes > 0)
            {
                ushort code = il.ReadByte();
                if (code == 0xFE) code = (ushort)(0xFE00 | il.ReadByte());
                if (!Operands.TryGetValue(code, out var operand)) throw new BadImageFormatException($"unknown IL opcode 0x{code:X}");
                if (code == 0x80) // stsfld
                {
                    yield return FieldName(md, MetadataTokens.EntityHandle(il.ReadInt32()));
                    continue;
                }
                switch (operand)
                {
                    case OperandType.InlineNone: break;
                    case OperandType.ShortInlineBrTarget: case OperandType.ShortInlineI: case OperandType.ShortInlineVar: il.Offset += 1; break;
                    case OperandType.InlineVar: il.Offset += 2; break;
                    case OperandType.InlineI8: case OperandType.InlineR: il.Offset += 8; break;
                    case OperandType.InlineSwitch:
                        int targets = il.ReadInt32(); // read before Offset: `il.Offset += 4 * il.ReadInt32()` read Offset first and landed 4 bytes short
                        il.Offset += 4 * targets;
                        break;
                    default: il.Offset += 4; break;
                }
            }
        }

        private static string FieldName(MetadataReader md, EntityHandle handle)
        {
            if (handle.Kind == HandleKind.FieldDefinition)
            {
                var field = md.GetFieldDefinition((FieldDefinitionHandle)handle);
                return FullName(md, field.GetDeclaringType()) + "::" + md.GetString(field.Name);
            }
            if (handle.Kind == HandleKind.MemberReference)
            {
                var member = md.GetMemberReference((MemberReferenceHandle)handle);
                string parent = member.Parent.Kind == HandleKind.TypeReference ? FullName(md, (TypeReferenceHandle)member.Parent)
                    : member.Parent.Kind == HandleKind.TypeDefinition ? FullName(md, (TypeDefinitionHandle)member.Parent) : "(generic type)";
                return parent + "::" + md.GetString(member.Name);
            }
            return handle.Kind.ToString();
        }

        private static string FullName(MetadataReader md, TypeDefinitionHandle handle)
        {
            var type = md.GetTypeDefinition(handle);
            string name = md.GetString(type.Name);
            var declaring = type.GetDeclaringType();
            if (!declaring.IsNil) return FullName(md, declaring) + "+" + name;
            string ns = md.GetString(type.Namespace);
            return ns.Length == 0 ? name : ns + "." + name;
        }

        private static string FullName(MetadataReader md, TypeReferenceHandle handle)
        {
            var type = md.GetTypeReference(handle);
            string name = md.GetString(type.Name);
            if (type.ResolutionScope.Kind == HandleKind.TypeReference)
                return FullName(md, (TypeReferenceHandle)type.ResolutionScope) + "+" + name;
            string ns = md.GetString(type.Namespace);
            return ns.Length == 0 ? name : ns + "." + name;
        }

        private static Dictionary<ushort, OperandType> BuildOperandTable()
        {
            var table = new Dictionary<ushort, OperandType>();
            foreach (var field in typeof(OpCodes).GetFields(BindingFlags.Public | BindingFlags.Static))
            {
                var opcode = (OpCode)field.GetValue(null)!;
                table[unchecked((ushort)opcode.Value)] = opcode.OperandType;
            }
            return table;
        }

        /// <summary>Signature decoder that only needs parameter counts.</summary>
        private sealed class ParameterCounter : ISignatureTypeProvider<int, object?>
        {
            public int GetArrayType(int elementType, ArrayShape shape) => 0;
            public int GetByReferenceType(int elementType) => 0;
            public int GetFunctionPointerType(MethodSignature<int> signature) => 0;
            public int GetGenericInstantiation(int genericType, System.Collections.Immutable.ImmutableArray<int> typeArguments) => 0;
            public int GetGenericMethodParameter(object? genericContext, int index) => 0;
            public int GetGenericTypeParameter(object? genericContext, int index) => 0;
            public int GetModifiedType(int modifier, int unmodifiedType, bool isRequired) => 0;
            public int GetPinnedType(int elementType) => 0;
            public int GetPointerType(int elementType) => 0;
            public int GetPrimitiveType(PrimitiveTypeCode typeCode) => 0;
            public int GetSZArrayType(int elementType) => 0;
            public int GetTypeFromDefinition(MetadataReader reader, TypeDefinitionHandle handle, byte rawTypeKind) => 0;
            public int GetTypeFromReference(MetadataReader reader, TypeReferenceHandle handle, byte rawTypeKind) => 0;
            public int GetTypeFromSpecification(MetadataReader reader, object? genericContext, TypeSpecificationHandle handle, byte rawTypeKind) => 0;
        }
    }
}
#endif
