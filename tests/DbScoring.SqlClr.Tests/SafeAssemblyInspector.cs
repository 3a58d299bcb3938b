using System.Collections.Generic;
using System.Collections.Immutable;
using System.IO;
using System.Linq;
using System.Reflection.Emit;
using System.Reflection.Metadata.Ecma335;
using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;
using System.Reflection;
using System.Text;
using System;

namespace DbScoring.SqlClr.Tests;

/// <summary>
/// Checks an assembly against what SQL Server refuses in a SAFE assembly, without a server, using
/// System.Reflection.Metadata: writable static fields (incl. compiler lambda caches), stsfld outside static
/// constructors, P/Invoke and internal calls, finalizers, Reflection.Emit, references outside the SQL CLR
/// supported list, and calls into framework types or members marked [HostProtection] in the .NET Framework 4.8
/// reference assemblies (Monitor/lock, ConcurrentDictionary, Lazy, Thread, Timer, ...). The IL verifiability and
/// platform checks (ref returns, ref structs, pointers, System.ValueTuple, non-FIPS hashes) are in
/// SafeAssemblyInspector.Verifiability.cs.
/// </summary>
internal sealed partial class SafeAssemblyInspector
{
    /// <summary>.NET Framework libraries SQL Server CLR integration loads from the GAC (sql-docs "Supported .NET Framework libraries").</summary>
    internal static readonly ImmutableHashSet<string> SupportedFrameworkAssemblies = ImmutableHashSet.Create(
        StringComparer.OrdinalIgnoreCase,
        "CustomMarshalers", "Microsoft.VisualBasic", "Microsoft.VisualC", "mscorlib", "System", "System.Configuration",
        "System.Core", "System.Data", "System.Data.OracleClient", "System.Data.SqlXml", "System.Deployment", "System.Security",
        "System.Transactions", "System.Web.Services", "System.Xml", "System.Xml.Linq");

    private static readonly Dictionary<short, OpCode> OneByte = new();
    private static readonly Dictionary<short, OpCode> TwoByte = new();

    private readonly string? _referenceAssemblies;
    private readonly Dictionary<string, (PEReader Pe, MetadataReader Md)?> _frameworks = new(StringComparer.OrdinalIgnoreCase);

    static SafeAssemblyInspector()
    {
        foreach (FieldInfo f in typeof(OpCodes).GetFields(BindingFlags.Public | BindingFlags.Static))
        {
            var op = (OpCode)f.GetValue(null)!;
            if (op.Size == 1)
            {
                OneByte[op.Value] = op;
            }
            else
            {
                TwoByte[(short)(op.Value & 0xFF)] = op;
            }
        }
    }

    /// <param name="referenceAssemblies">Folder of the net48 reference assemblies (for HostProtection lookups), or null.</param>
    internal SafeAssemblyInspector(string? referenceAssemblies) => _referenceAssemblies = referenceAssemblies;

    /// <summary>The folder of the .NET Framework 4.8 reference assemblies restored by NuGet, or null.</summary>
    internal static string? FindNet48ReferenceAssemblies()
    {
        string root = Environment.GetEnvironmentVariable("NUGET_PACKAGES")
            ?? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
        string package = Path.Combine(root, "microsoft.netframework.referenceassemblies.net48");
        return Directory.Exists(package)
            ? Directory.GetDirectories(package).Select(v => Path.Combine(v, "build", ".NETFramework", "v4.8")).FirstOrDefault(Directory.Exists)
            : null;
    }

    /// <summary>Every violation found, one line each; empty when the assembly looks SAFE.</summary>
    internal List<string> Inspect(string assemblyPath)
    {
        var problems = new List<string>();
        using var pe = new PEReader(File.OpenRead(assemblyPath));
        MetadataReader md = pe.GetMetadataReader();

        foreach (AssemblyReferenceHandle h in md.AssemblyReferences)
        {
            string name = md.GetString(md.GetAssemblyReference(h).Name);
            if (!SupportedFrameworkAssemblies.Contains(name))
            {
                problems.Add($"references {name}, which SQL Server CLR does not provide");
            }
        }

        foreach (TypeDefinitionHandle th in md.TypeDefinitions)
        {
            TypeDefinition type = md.GetTypeDefinition(th);
            string typeName = FullName(md, th);
            foreach (FieldDefinitionHandle fh in type.GetFields())
            {
                FieldDefinition field = md.GetFieldDefinition(fh);
                FieldAttributes a = field.Attributes;
                if ((a & FieldAttributes.Static) != 0 && (a & (FieldAttributes.InitOnly | FieldAttributes.Literal)) == 0)
                {
                    problems.Add($"{typeName}.{md.GetString(field.Name)} is a writable static field (Msg 6211/6212 in SAFE)");
                }
            }

            foreach (MethodDefinitionHandle mh in type.GetMethods())
            {
                MethodDefinition method = md.GetMethodDefinition(mh);
                string methodName = md.GetString(method.Name);
                if ((method.Attributes & MethodAttributes.PinvokeImpl) != 0)
                {
                    problems.Add($"{typeName}.{methodName} is a P/Invoke");
                }

                if ((method.ImplAttributes & (MethodImplAttributes.InternalCall | MethodImplAttributes.Unmanaged)) != 0)
                {
                    problems.Add($"{typeName}.{methodName} is an internal or unmanaged call");
                }

                if (methodName == "Finalize" && method.GetParameters().Count == 0 && (method.Attributes & MethodAttributes.Virtual) != 0)
                {
                    problems.Add($"{typeName} has a finalizer");
                }

                if (method.RelativeVirtualAddress != 0)
                {
                    ScanBody(md, pe.GetMethodBody(method.RelativeVirtualAddress), typeName, methodName, problems);
                }
            }
        }

        foreach (TypeReferenceHandle h in md.TypeReferences)
        {
            string name = FullName(md, h);
            if (name.StartsWith("System.Reflection.Emit.", StringComparison.Ordinal) || name == "System.Runtime.InteropServices.Marshal")
            {
                problems.Add($"uses {name}");
            }
        }

        InspectVerifiability(pe, md, problems);
        return problems.Distinct().ToList();
    }

    private void ScanBody(MetadataReader md, MethodBodyBlock body, string typeName, string methodName, List<string> problems)
    {
        BlobReader il = body.GetILReader();
        while (il.RemainingBytes > 0)
        {
            byte first = il.ReadByte();
            OpCode op = first == 0xFE ? TwoByte[il.ReadByte()] : OneByte[first];
            int token = 0;
            switch (op.OperandType)
            {
                case OperandType.InlineNone: break;
                case OperandType.ShortInlineBrTarget:
                case OperandType.ShortInlineI:
                case OperandType.ShortInlineVar: il.ReadByte(); break;
                case OperandType.InlineVar: il.ReadInt16(); break;
                case OperandType.InlineI8:
                case OperandType.InlineR: il.ReadInt64(); break;
                case OperandType.InlineSwitch: int n = il.ReadInt32(); for (int i = 0; i < n; i++) { il.ReadInt32(); } break;
                case OperandType.InlineField:
                case OperandType.InlineMethod:
                case OperandType.InlineTok:
                case OperandType.InlineType:
                case OperandType.InlineSig:
                case OperandType.InlineString: token = il.ReadInt32(); break;
                default: il.ReadInt32(); break;
            }

            CheckUnverifiableOpCode(op, typeName, methodName, problems);
            if (op == OpCodes.Stsfld && methodName != ".cctor")
            {
                problems.Add($"{typeName}.{methodName} stores to a static field outside a static constructor");
            }

            if (token != 0 && (op.OperandType is OperandType.InlineMethod or OperandType.InlineField or OperandType.InlineTok or OperandType.InlineType))
            {
                string? protectedBy = HostProtected(md, MetadataTokens.EntityHandle(token));
                if (protectedBy is not null)
                {
                    problems.Add($"{typeName}.{methodName} uses {protectedBy}, which is marked [HostProtection] (refused in SAFE)");
                }
            }
        }
    }

    /// <summary>Names the framework type or member behind <paramref name="handle"/> when it carries HostProtection.</summary>
    private string? HostProtected(MetadataReader md, EntityHandle handle)
    {
        switch (handle.Kind)
        {
            case HandleKind.MethodSpecification:
                return HostProtected(md, md.GetMethodSpecification((MethodSpecificationHandle)handle).Method);
            case HandleKind.MemberReference:
                MemberReference member = md.GetMemberReference((MemberReferenceHandle)handle);
                TypeReferenceHandle? parent = TypeOf(md, member.Parent);
                return parent is null ? null : Check(md, parent.Value, md.GetString(member.Name));
            case HandleKind.TypeReference:
                return Check(md, (TypeReferenceHandle)handle, null);
            case HandleKind.TypeSpecification:
                TypeReferenceHandle? generic = TypeOf(md, handle);
                return generic is null ? null : Check(md, generic.Value, null);
            default:
                return null;
        }
    }

    private static TypeReferenceHandle? TypeOf(MetadataReader md, EntityHandle parent)
    {
        if (parent.Kind == HandleKind.TypeReference)
        {
            return (TypeReferenceHandle)parent;
        }

        if (parent.Kind == HandleKind.TypeSpecification)
        {
            // GENERICINST (0x15) CLASS|VALUETYPE TypeDefOrRef: the generic type definition.
            BlobReader blob = md.GetBlobReader(md.GetTypeSpecification((TypeSpecificationHandle)parent).Signature);
            if (blob.ReadByte() == 0x15)
            {
                blob.ReadByte();
                EntityHandle definition = blob.ReadTypeHandle();
                if (definition.Kind == HandleKind.TypeReference)
                {
                    return (TypeReferenceHandle)definition;
                }
            }
        }

        return null;
    }

    private string? Check(MetadataReader md, TypeReferenceHandle typeRef, string? memberName)
    {
        string? assembly = AssemblyOf(md, typeRef);
        if (assembly is null || !SupportedFrameworkAssemblies.Contains(assembly))
        {
            return null;
        }

        (PEReader Pe, MetadataReader Md)? framework = Framework(assembly);
        if (framework is null)
        {
            return null;
        }

        MetadataReader fmd = framework.Value.Md;
        string fullName = FullName(md, typeRef);
        foreach (TypeDefinitionHandle th in fmd.TypeDefinitions)
        {
            if (FullName(fmd, th) != fullName)
            {
                continue;
            }

            TypeDefinition type = fmd.GetTypeDefinition(th);
            if (HasHostProtection(fmd, type.GetDeclarativeSecurityAttributes()))
            {
                return fullName;
            }

            if (memberName is not null)
            {
                foreach (MethodDefinitionHandle mh in type.GetMethods())
                {
                    MethodDefinition method = fmd.GetMethodDefinition(mh);
                    if (fmd.GetString(method.Name) == memberName && HasHostProtection(fmd, method.GetDeclarativeSecurityAttributes()))
                    {
                        return fullName + "." + memberName;
                    }
                }
            }

            return null;
        }

        return null;
    }

    private static bool HasHostProtection(MetadataReader md, DeclarativeSecurityAttributeHandleCollection attributes)
    {
        foreach (DeclarativeSecurityAttributeHandle h in attributes)
        {
            byte[] blob = md.GetBlobBytes(md.GetDeclarativeSecurityAttribute(h).PermissionSet);
            if (Encoding.ASCII.GetString(blob).Contains("System.Security.Permissions.HostProtectionAttribute", StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }

    private (PEReader, MetadataReader)? Framework(string assembly)
    {
        if (_frameworks.TryGetValue(assembly, out var cached))
        {
            return cached;
        }

        string? path = _referenceAssemblies is null ? null : Path.Combine(_referenceAssemblies, assembly + ".dll");
        (PEReader, MetadataReader)? loaded = null;
        if (path is not null && File.Exists(path))
        {
            var pe = new PEReader(File.OpenRead(path));
            loaded = (pe, pe.GetMetadataReader());
        }

        _frameworks[assembly] = loaded;
        return loaded;
    }

    private static string? AssemblyOf(MetadataReader md, TypeReferenceHandle h)
    {
        TypeReference t = md.GetTypeReference(h);
        return t.ResolutionScope.Kind switch
        {
            HandleKind.AssemblyReference => md.GetString(md.GetAssemblyReference((AssemblyReferenceHandle)t.ResolutionScope).Name),
            HandleKind.TypeReference => AssemblyOf(md, (TypeReferenceHandle)t.ResolutionScope),
            _ => null,
        };
    }

    private static string FullName(MetadataReader md, TypeReferenceHandle h)
    {
        TypeReference t = md.GetTypeReference(h);
        string name = md.GetString(t.Name);
        if (t.ResolutionScope.Kind == HandleKind.TypeReference)
        {
            return FullName(md, (TypeReferenceHandle)t.ResolutionScope) + "/" + name;
        }

        string ns = md.GetString(t.Namespace);
        return ns.Length == 0 ? name : ns + "." + name;
    }

    private static string FullName(MetadataReader md, TypeDefinitionHandle h)
    {
        TypeDefinition t = md.GetTypeDefinition(h);
        string name = md.GetString(t.Name);
        if (t.IsNested)
        {
            return FullName(md, t.GetDeclaringType()) + "/" + name;
        }

        string ns = md.GetString(t.Namespace);
        return ns.Length == 0 ? name : ns + "." + name;
    }
}
