using System;
using System.Collections.Generic;
using System.Data.SqlTypes;
using System.IO;
using System.Security.Cryptography;
using System.Text;
using DbScoring.SqlClr;
using DbScoring.SqlClr.Generation;

// usage: DbScoring.SqlClr.MonoHarness <model.dbsm> <rows.jsonl>
// Each line of rows.jsonl is a JSON array of input values in model order (number, string or null). The harness packs
// them with the production encoder (InputCodec.Encode), scores them with the net48 assembly's entry point, and prints
// each packed prediction as hex, one per line; the assembly's version goes to stderr.
//        DbScoring.SqlClr.MonoHarness --explain <model.dbsm> <rows.tsv>   (one row per line, one text per input, \N = missing)
if (args[0] == "--explain")
{
    Console.Write(DbScoring.SqlClr.MonoHarness.ExplainRows.Run(File.ReadAllBytes(args[1]), File.ReadAllLines(args[2])));
    return 0;
}

byte[] blob = File.ReadAllBytes(args[0]);
byte[] hash;
using (var sha = SHA256.Create())
{
    hash = sha.ComputeHash(blob);
}

var output = new StringBuilder();
foreach (string line in File.ReadAllLines(args[1]))
{
    if (line.Length == 0)
    {
        continue;
    }

    var values = new List<object?>();
    foreach (JsonValue item in JsonValue.Parse(line).Items)
    {
        values.Add(item.Kind switch
        {
            JsonKind.Null => null,
            JsonKind.String => item.AsString(),
            _ => double.Parse(item.AsString()!, System.Globalization.CultureInfo.InvariantCulture),
        });
    }

    SqlBinary packed = ScoringFunctions.Predict(1, new SqlBinary(hash), new SqlBytes(blob), new SqlBinary(InputCodec.Encode(values)));
    output.AppendLine(BitConverter.ToString(packed.Value).Replace("-", ""));
}

Console.Write(output.ToString());
Console.Error.WriteLine(ScoringFunctions.ClrVersion().Value);
return 0;
