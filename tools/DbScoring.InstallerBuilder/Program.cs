using System;
using System.IO;
using DbScoring.InstallerBuilder;

// dotnet run --project tools/DbScoring.InstallerBuilder -- [--sql sql] [--assembly <dll>] [--output artifacts/DbScoring.Install.sql]
// Exit codes: 0 written, 1 bad arguments or missing input, 2 invalid scripts.
string root = FindRoot(AppContext.BaseDirectory) ?? FindRoot(Directory.GetCurrentDirectory()) ?? Directory.GetCurrentDirectory();
string sql = Path.Combine(root, "sql");
string assembly = Path.Combine(root, "src", "DbScoring.SqlClr", "bin", "Release", "net48", "DbScoring.SqlClr.dll");
string output = Path.Combine(root, "artifacts", "DbScoring.Install.sql");

for (int i = 0; i < args.Length; i++)
{
    string? value = i + 1 < args.Length ? args[i + 1] : null;
    switch (args[i])
    {
        case "--sql" when value is not null: sql = Path.GetFullPath(value); i++; break;
        case "--assembly" when value is not null: assembly = Path.GetFullPath(value); i++; break;
        case "--output" when value is not null: output = Path.GetFullPath(value); i++; break;
        default:
            Console.Error.WriteLine("usage: DbScoring.InstallerBuilder [--sql <dir>] [--assembly <DbScoring.SqlClr.dll>] [--output <file>]");
            return 1;
    }
}

if (!File.Exists(assembly))
{
    Console.Error.WriteLine($"Assembly not found: {assembly}. Build it first: dotnet build src/DbScoring.SqlClr -c Release");
    return 1;
}

try
{
    byte[] bytes = File.ReadAllBytes(assembly);
    string text = InstallerGenerator.Generate(sql, bytes);
    Directory.CreateDirectory(Path.GetDirectoryName(output)!);
    File.WriteAllText(output, text, new System.Text.UTF8Encoding(encoderShouldEmitUTF8Identifier: false));
    Console.WriteLine($"Wrote {output} ({text.Length:N0} characters) from {assembly}");
    Console.WriteLine($"SHA-512 {InstallerGenerator.HexLiteral(System.Security.Cryptography.SHA512.HashData(bytes))}");
    return 0;
}
catch (InvalidDataException ex)
{
    Console.Error.WriteLine(ex.Message);
    return 2;
}

static string? FindRoot(string start)
{
    for (DirectoryInfo? d = new(start); d is not null; d = d.Parent)
    {
        if (File.Exists(Path.Combine(d.FullName, "Directory.Build.props")) && Directory.Exists(Path.Combine(d.FullName, "sql")))
        {
            return d.FullName;
        }
    }

    return null;
}
