using System;
using System.Collections.Generic;
using System.Data.SqlTypes;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Text.RegularExpressions;
using DbScoring.Testing;
using Microsoft.SqlServer.Server;
using Xunit;

namespace DbScoring.SqlClr.Tests;

/// <summary>
/// The SQL CLR digests of the audit chain (scoring.Private_*Digest), called as SQL Server calls them: against an
/// independent implementation of the documented encoding (Python's struct and hashlib, the spec in docs/audit.md),
/// for sensitivity to every field, and for T-SQL declarations that match the C# signatures.
/// </summary>
public class AuditDigestEntryPointTests
{
    private static readonly DateTime PredictedAt = new(2026, 3, 1, 9, 30, 15, 123);

    private static object[] PredictionRow() => new object[]
    {
        new SqlInt64(175), new SqlInt64(2), new SqlString("42|Ünïcode"), new SqlInt32(3), new SqlBinary(Enumerable.Range(0, 32).Select(i => (byte)i).ToArray()),
        new SqlBinary(Enumerable.Range(0, 32).Select(i => (byte)(255 - i)).ToArray()), new SqlBinary(new byte[] { 0x3F, 0xF1, 0x99, 0x9A }), new SqlInt32(1),
        new SqlString("churn"), new SqlSingle(-0.25f), new SqlSingle(0.4375f), (DateTime?)PredictedAt, SqlString.Null,
        new SqlString("Primary"), SqlString.Null, new SqlString("Scored"), SqlString.Null,
    };

    private static string Call(string method, object[] arguments) =>
        ((SqlString)typeof(ScoringFunctions).GetMethod(method)!.Invoke(null, arguments)!).Value;

    [SkippableFact]
    public void A_prediction_row_digest_is_the_sha256_of_the_documented_encoding_computed_independently()
    {
        // The spec of docs/audit.md written out in Python: tags 00 NULL, 01 i64, 02 f64, 03 text, 04 blob, 05 ticks.
        const string script = """
            import hashlib, struct, datetime
            def i(v): return b'\x01' + struct.pack('<q', v)
            def r(v): return b'\x02' + struct.pack('<d', v)
            def t(v):
                b = v.encode('utf-8'); return b'\x03' + struct.pack('<I', len(b)) + b
            def blob(v): return b'\x04' + struct.pack('<I', len(v)) + v
            def dt(v):
                ticks = (v - datetime.datetime(1, 1, 1)) // datetime.timedelta(microseconds=1) * 10
                return b'\x05' + struct.pack('<q', ticks)
            null = b'\x00'
            record = (t('SqlServer.PredictionLog.1') + i(175) + i(2) + t('42|Ünïcode') + i(3) + blob(bytes(range(32)))
                      + blob(bytes(255 - k for k in range(32))) + blob(bytes([0x3F, 0xF1, 0x99, 0x9A])) + i(1) + t('churn')
                      + r(-0.25) + r(0.4375) + dt(datetime.datetime(2026, 3, 1, 9, 30, 15, 123000)) + null
                      + t('Primary') + null + t('Scored') + null)
            print(hashlib.sha256(record).hexdigest())
            """;
        string? python = Python();
        Skip.If(python == null, "python3 is not installed (the independent oracle of the encoding)");
        string expected = Run(python!, script);
        Assert.Equal(expected, Call(nameof(ScoringFunctions.PredictionLogDigest), PredictionRow()));
    }

    [SkippableFact]
    public void Text_with_an_unpaired_surrogate_is_digested_in_its_generalized_UTF8_form_instead_of_failing_the_row()
    {
        // nvarchar may hold a lone surrogate; Python's "surrogatepass" writes it as the 3-byte form the encoding documents.
        const string script = """
            import hashlib, struct
            def t(v):
                b = v.encode('utf-8', 'surrogatepass'); return b'\x03' + struct.pack('<I', len(b)) + b
            def i(v): return b'\x01' + struct.pack('<q', v)
            print(hashlib.sha256(t('SqlServer.PredictionLog.1') + i(175) + i(2) + t('42|\ud800x\U0001F600\udc00')).hexdigest())
            """;
        string? python = Python();
        Skip.If(python == null, "python3 is not installed (the independent oracle of the encoding)");
        string key = "42|\uD800x\U0001F600\uDC00";
        var record = new DbScoring.Runtime.Audit.AuditRecord("SqlServer.PredictionLog.1").AddInteger(175).AddInteger(2).AddText(key);
        Assert.Equal(Run(python!, script), record.Digest());
        string other = new DbScoring.Runtime.Audit.AuditRecord("SqlServer.PredictionLog.1").AddInteger(175).AddInteger(2).AddText("42|\uDBFFx\U0001F600\uDC00").Digest();
        Assert.NotEqual(record.Digest(), other);
    }

    [Fact]
    public void Changing_any_field_of_a_prediction_row_changes_its_digest_and_NULL_is_not_empty()
    {
        string original = Call(nameof(ScoringFunctions.PredictionLogDigest), PredictionRow());
        Assert.Matches("^[0-9a-f]{64}$", original);
        var seen = new HashSet<string> { original };
        for (int field = 0; field < PredictionRow().Length; field++)
        {
            object[] row = PredictionRow();
            row[field] = row[field] switch
            {
                SqlInt64 v => new SqlInt64(v.Value + 1),
                SqlInt32 v => new SqlInt32(v.Value + 1),
                SqlString v => v.IsNull ? new SqlString("") : new SqlString(v.Value + "x"),
                SqlBinary v => new SqlBinary(v.Value.Reverse().ToArray()),
                SqlSingle v => new SqlSingle(BitConverter.Int32BitsToSingle(BitConverter.SingleToInt32Bits(v.Value) + 1)), // one ulp
                DateTime v => (DateTime?)v.AddTicks(1),
                _ => throw new InvalidOperationException(row[field].GetType().Name),
            };
            Assert.True(seen.Add(Call(nameof(ScoringFunctions.PredictionLogDigest), row)), $"field {field} did not change the digest");
        }
    }

    [Fact]
    public void A_run_completion_digest_keeps_the_stored_scale_of_RowsPerSecond_and_the_ticks_of_EndedAt()
    {
        object[] Completion(SqlDecimal rowsPerSecond, DateTime endedAt) => new object[]
        {
            new SqlInt64(9), new SqlString("Succeeded"), (DateTime?)endedAt, new SqlInt64(120), new SqlInt64(0), new SqlInt32(3), new SqlInt64(1500),
            rowsPerSecond, SqlInt32.Null, SqlString.Null, SqlString.Null, new SqlInt64(0), new SqlInt64(0), new SqlString("None"), SqlString.Null,
        };

        var at = new DateTime(2026, 3, 1, 9, 30, 15, 123, DateTimeKind.Unspecified);
        string tenths = Call(nameof(ScoringFunctions.RunEndDigest), Completion(new SqlDecimal(80.0m), at));
        Assert.Equal(tenths, Call(nameof(ScoringFunctions.RunEndDigest), Completion(SqlDecimal.ConvertToPrecScale(new SqlDecimal(80m), 19, 1), at)));
        Assert.NotEqual(tenths, Call(nameof(ScoringFunctions.RunEndDigest), Completion(new SqlDecimal(80.00m), at))); // another stored scale
        Assert.NotEqual(tenths, Call(nameof(ScoringFunctions.RunEndDigest), Completion(new SqlDecimal(80.0m), at.AddTicks(1))));
        Assert.Equal(tenths, Call(nameof(ScoringFunctions.RunEndDigest), Completion(new SqlDecimal(80.0m), DateTime.SpecifyKind(at, DateTimeKind.Utc)))); // Kind ignored
    }

    [Fact]
    public void A_batch_digest_depends_on_every_row_digest_their_order_and_the_batch_range()
    {
        string a = new('a', 64), b = new('b', 64);
        string Batch(long run, int batch, long first, long last, string? digests) =>
            Call(nameof(ScoringFunctions.PredictionBatchDigest), new object[] { new SqlInt64(run), new SqlInt32(batch), new SqlInt64(first), new SqlInt64(last), digests == null ? SqlChars.Null : new SqlChars(digests.ToCharArray()) });

        string ab = Batch(2, 1, 10, 11, a + b);
        Assert.NotEqual(ab, Batch(2, 1, 10, 11, b + a));
        Assert.NotEqual(ab, Batch(2, 1, 10, 11, a));
        Assert.NotEqual(ab, Batch(2, 2, 10, 11, a + b));
        Assert.NotEqual(ab, Batch(3, 1, 10, 11, a + b));
        Assert.Equal(Batch(2, 1, 10, 11, null), Batch(2, 1, 10, 11, ""));  // no rows left: the same record either way
        var wrong = Assert.Throws<TargetInvocationException>(() => Batch(2, 1, 10, 11, a + "b"));
        Assert.Contains("65 characters", wrong.InnerException!.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_batch_of_many_rows_is_read_a_chunk_at_a_time_and_digests_like_the_record_built_row_by_row()
    {
        // 70,001 rows: the function reads 1,024 digests per chunk, so this crosses chunk ends and leaves a short last chunk;
        // the record's bytes (about 5 MB) also outgrow what an audit record holds before it hashes them on.
        var random = new Random(3);
        var rows = Enumerable.Range(0, 70_001).Select(_ => string.Concat(Enumerable.Range(0, 8).Select(_ => random.Next().ToString("x8", System.Globalization.CultureInfo.InvariantCulture)))).ToArray();
        var expected = new DbScoring.Runtime.Audit.PredictionBatchRecord(7, 3, 1000, 71_000);
        foreach (string row in rows)
        {
            expected.AddRow(row);
        }

        string digest = Call(nameof(ScoringFunctions.PredictionBatchDigest), new object[] { new SqlInt64(7), new SqlInt32(3), new SqlInt64(1000), new SqlInt64(71_000), new SqlChars(string.Concat(rows).ToCharArray()) });
        Assert.Equal(expected.Digest(), digest);
    }

    /// <summary>
    /// The T-SQL types a CLR parameter, return value or table column may have, with the SqlTypes that match them
    /// ("Mapping CLR Parameter Data"): char, varchar and text have no CLR type, so they are absent and fail the check —
    /// CREATE FUNCTION would fail with Msg 6551 and take the whole assembly install with it.
    /// </summary>
    private static readonly Dictionary<string, Type[]> ClrTypesOf = new(StringComparer.OrdinalIgnoreCase)
    {
        ["int"] = new[] { typeof(SqlInt32) }, ["bigint"] = new[] { typeof(SqlInt64) }, ["real"] = new[] { typeof(SqlSingle) },
        ["float"] = new[] { typeof(SqlDouble) }, ["bit"] = new[] { typeof(SqlBoolean) }, ["decimal"] = new[] { typeof(SqlDecimal) },
        ["nvarchar"] = new[] { typeof(SqlString), typeof(SqlChars) }, ["nchar"] = new[] { typeof(SqlString), typeof(SqlChars) },
        ["binary"] = new[] { typeof(SqlBinary), typeof(SqlBytes) }, ["varbinary"] = new[] { typeof(SqlBinary), typeof(SqlBytes) },
        ["datetime2"] = new[] { typeof(DateTime?), typeof(SqlDateTime) },
    };

    private static void AssertMatches(string file, string what, string sqlType, Type clrType)
    {
        Assert.True(ClrTypesOf.ContainsKey(sqlType), $"{file}: {what} is {sqlType}, which has no CLR type (use nvarchar/nchar, not varchar/char)");
        Assert.True(ClrTypesOf[sqlType].Contains(clrType), $"{file}: {what} is {sqlType} in T-SQL and {clrType.Name} in C#");
    }

    [Fact]
    public void Every_CLR_function_declares_the_return_type_or_table_columns_of_its_CSharp_entry_point()
    {
        var methods = typeof(ScoringFunctions).GetMethods(BindingFlags.Public | BindingFlags.Static)
            .Where(m => m.GetCustomAttribute<SqlFunctionAttribute>() != null)
            .ToDictionary(m => m.Name);
        foreach (string path in Directory.GetFiles(Path.Combine(Repo.Sql, "ClrFunctions")))
        {
            string file = Path.GetFileName(path), text = File.ReadAllText(path);
            MethodInfo method = methods[Regex.Match(text, @"\.\[(\w+)\];\s*$").Groups[1].Value];
            string returns = Regex.Match(text, @"RETURNS\s+(TABLE\s*\((?<columns>[^;]*?)\)\s*WITH|(?<scalar>\w+))", RegexOptions.Singleline) is var m && m.Success
                ? m.Groups["scalar"].Success ? m.Groups["scalar"].Value : m.Groups["columns"].Value
                : throw new Xunit.Sdk.XunitException($"{file}: no RETURNS clause");
            var attribute = method.GetCustomAttribute<SqlFunctionAttribute>()!;
            if (attribute.FillRowMethodName == null)
            {
                AssertMatches(file, "the return value", returns, method.ReturnType);
                continue;
            }

            string[] columns = Regex.Matches(returns, @"(\w+)\s+(\w+)(\s*\([^)]*\))?\s*(,|$)").Select(c => c.Groups[2].Value).ToArray();
            ParameterInfo[] outs = typeof(ScoringFunctions).GetMethod(attribute.FillRowMethodName)!.GetParameters().Skip(1).ToArray();
            Assert.True(columns.Length == outs.Length, $"{file}: {columns.Length} table columns, {outs.Length} out parameters in {attribute.FillRowMethodName}");
            for (int k = 0; k < columns.Length; k++)
            {
                AssertMatches(file, $"column {k + 1}", columns[k], outs[k].ParameterType.GetElementType()!);
            }
        }
    }

    [Fact]
    public void Every_CLR_function_declares_the_parameters_of_its_CSharp_entry_point_in_order()
    {
        var methods = typeof(ScoringFunctions).GetMethods(BindingFlags.Public | BindingFlags.Static)
            .Where(m => m.GetCustomAttribute<SqlFunctionAttribute>() != null)
            .ToDictionary(m => m.Name);
        foreach (string path in Directory.GetFiles(Path.Combine(Repo.Sql, "ClrFunctions")))
        {
            string text = File.ReadAllText(path);
            string method = Regex.Match(text, @"\.\[(\w+)\];\s*$").Groups[1].Value;
            Assert.True(methods.ContainsKey(method), $"{Path.GetFileName(path)} names {method}, which is not a [SqlFunction] of ScoringFunctions");
            string header = text.Substring(text.IndexOf("CREATE OR ALTER FUNCTION", StringComparison.Ordinal));
            header = header.Substring(0, header.IndexOf("RETURNS", StringComparison.Ordinal));
            string[] declared = Regex.Matches(header, @"@\w+\s+(\w+)").Select(m => m.Groups[1].Value).ToArray();
            ParameterInfo[] parameters = methods[method].GetParameters();
            Assert.True(declared.Length == parameters.Length, $"{Path.GetFileName(path)}: {declared.Length} T-SQL parameters, {parameters.Length} in {method}");
            for (int k = 0; k < declared.Length; k++)
            {
                AssertMatches(Path.GetFileName(path), $"parameter {k + 1} of {method}", declared[k], parameters[k].ParameterType);
            }
        }
    }

    private static string? Python()
    {
        foreach (string candidate in new[] { "/usr/bin/python3", "python3" })
        {
            try
            {
                using var p = Process.Start(new ProcessStartInfo(candidate, "--version") { RedirectStandardOutput = true, RedirectStandardError = true });
                p!.WaitForExit();
                if (p.ExitCode == 0) return candidate;
            }
            catch (System.ComponentModel.Win32Exception)
            {
            }
        }

        return null;
    }

    private static string Run(string python, string script)
    {
        var info = new ProcessStartInfo(python, "-") { RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true };
        info.Environment["PYTHONIOENCODING"] = "utf-8";
        using var p = Process.Start(info)!;
        p.StandardInput.Write(script);
        p.StandardInput.Close();
        string output = p.StandardOutput.ReadToEnd();
        string error = p.StandardError.ReadToEnd();
        p.WaitForExit();
        Assert.True(p.ExitCode == 0, error);
        return output.Trim();
    }
}
