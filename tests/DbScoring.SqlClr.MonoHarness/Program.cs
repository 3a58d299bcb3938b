using System;
using System.Data.SqlTypes;
using System.IO;
using System.Security.Cryptography;
using System.Text;
using DbScoring.SqlClr;

// usage: DbScoring.SqlClr.MonoHarness <model.dbsm> <inputs.hex>
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

    var inputs = new byte[line.Length / 2];
    for (int i = 0; i < inputs.Length; i++)
    {
        inputs[i] = Convert.ToByte(line.Substring(2 * i, 2), 16);
    }

    SqlBinary packed = ScoringFunctions.Predict(1, new SqlBinary(hash), new SqlBytes(blob), new SqlBinary(inputs));
    output.AppendLine(BitConverter.ToString(packed.Value).Replace("-", ""));
}

Console.Write(output.ToString());
Console.Error.WriteLine(ScoringFunctions.ClrVersion().Value);
return 0;
