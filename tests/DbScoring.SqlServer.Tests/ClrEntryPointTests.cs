using System;
using System.Collections;
using System.Collections.Generic;
using System.Data.SqlTypes;
using System.Linq;
using System.Text;
using System.Text.Json;
using DbScoring.Runtime;
using DbScoring.SqlClr;
using Xunit;

namespace DbScoring.SqlServer.Tests;

/// <summary>
/// The SQL CLR entry points, compiled for net10 from the same sources as the net48 assembly and called the way
/// SQL Server calls them (SqlTypes in, SqlTypes out), with inputs packed exactly as the generated T-SQL packs them.
/// What this cannot show: the SQL Server host itself (SAFE enforcement, AppDomain, parallel plans).
/// </summary>
public class ClrEntryPointTests
{
    /// <summary>Packs like scoring.Private_PackExpression: 0x01 header, then per input 0x00 | 0x01+double BE | 0x02+len BE+UTF-16LE.</summary>
    internal static byte[] PackLikeTsql(params object?[] values)
    {
        var bytes = new List<byte> { 0x01 };
        foreach (object? value in values)
        {
            switch (value)
            {
                case null:
                    bytes.Add(0x00);
                    break;
                case string text:
                    byte[] utf16 = Encoding.Unicode.GetBytes(text);
                    bytes.Add(0x02);
                    bytes.Add((byte)(utf16.Length >> 8));
                    bytes.Add((byte)utf16.Length);
                    bytes.AddRange(utf16);
                    break;
                default:
                    byte[] be = BitConverter.GetBytes(Convert.ToDouble(value, System.Globalization.CultureInfo.InvariantCulture));
                    Array.Reverse(be);
                    bytes.Add(0x01);
                    bytes.AddRange(be);
                    break;
            }
        }

        return bytes.ToArray();
    }

    private static SqlBinary Sha256(byte[] blob) => new(System.Security.Cryptography.SHA256.HashData(blob));

    [Fact]
    public void ModelInspect_describes_a_valid_blob_with_inputs_in_model_order()
    {
        SqlString json = ScoringFunctions.ModelInspect(new SqlBytes(TestModels.Churn));
        using JsonDocument doc = JsonDocument.Parse(json.Value);
        JsonElement root = doc.RootElement;
        Assert.True(root.GetProperty("valid").GetBoolean());
        Assert.Equal(1, root.GetProperty("kind").GetInt32());
        Assert.Equal(64, root.GetProperty("contentHash").GetString()!.Length);
        Assert.Equal(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(TestModels.Churn)), root.GetProperty("blobSha256").GetString());
        string[] names = root.GetProperty("inputs").EnumerateArray().Select(i => i.GetProperty("name").GetString()!).ToArray();
        Assert.Equal(new[] { "Age", "Plan", "Tenure" }, names.OrderBy(n => n).ToArray());
        Assert.False(string.IsNullOrEmpty(root.GetProperty("metadata").GetProperty("algorithm").GetString()));
        Assert.Equal(JsonValueKind.String, root.GetProperty("describe").ValueKind);
        Assert.All(root.GetProperty("inputs").EnumerateArray(), i =>
        {
            Assert.True(i.TryGetProperty("trainingMin", out _));
            Assert.True(i.TryGetProperty("trainingMax", out _));
        });
    }

    [Fact]
    public void ModelInspect_reports_a_corrupt_blob_instead_of_throwing()
    {
        byte[] corrupt = (byte[])TestModels.Churn.Clone();
        corrupt[corrupt.Length / 2] ^= 0xFF;
        using JsonDocument doc = JsonDocument.Parse(ScoringFunctions.ModelInspect(new SqlBytes(corrupt)).Value);
        Assert.False(doc.RootElement.GetProperty("valid").GetBoolean());
        Assert.False(string.IsNullOrEmpty(doc.RootElement.GetProperty("error").GetString()));

        using JsonDocument garbage = JsonDocument.Parse(ScoringFunctions.ModelInspect(new SqlBytes(Encoding.ASCII.GetBytes("not a model"))).Value);
        Assert.False(garbage.RootElement.GetProperty("valid").GetBoolean());
        Assert.True(ScoringFunctions.ModelInspect(SqlBytes.Null).IsNull);
    }

    [Fact]
    public void Predict_scores_packed_inputs_exactly_as_the_runtime_does()
    {
        byte[] blob = TestModels.Churn;
        ScoringModel model = ScoringModel.Load(blob);
        Scorer scorer = model.CreateScorer();
        for (int i = 1; i <= 200; i++)
        {
            var f = TestModels.Features(i);
            object?[] values = model.Inputs.Select(c => c.Name switch
            {
                "Age" => (object?)f.Age,
                "Plan" => f.Plan,
                "Tenure" => f.Tenure,
                _ => throw new InvalidOperationException(c.Name),
            }).ToArray();
            for (int k = 0; k < values.Length; k++)
            {
                switch (values[k])
                {
                    case null: scorer.SetMissing(k); break;
                    case string s: scorer.SetText(k, s); break;
                    default: scorer.SetNumber(k, Convert.ToDouble(values[k])); break;
                }
            }

            Prediction expected = scorer.Predict();
            SqlBinary packed = ScoringFunctions.Predict(7, Sha256(blob), new SqlBytes(blob), new SqlBinary(PackLikeTsql(values)));
            byte[] p = packed.Value;

            int predictedClass = (p[1] << 24) | (p[2] << 16) | (p[3] << 8) | p[4];          // CAST(SUBSTRING(p, 2, 4) AS int)
            Assert.Equal(expected.PredictedClass, predictedClass);
            Assert.Equal(expected.Score, ScoringFunctions.ReadReal(packed, 6).Value);
            Assert.Equal(expected.Probability, ScoringFunctions.ReadReal(packed, 10).Value);
            int n = (p[13] << 8) | p[14];                                                      // CAST(SUBSTRING(p, 14, 2) AS int)
            Assert.Equal(model.Inputs.Count, n);
            Assert.Equal(expected.PredictedLabel, Encoding.Unicode.GetString(p, 15 + n, p.Length - 15 - n)); // CAST(SUBSTRING(p, 16 + N, 800) AS nvarchar)

            IEnumerable rows = ScoringFunctions.PredictRow(7, Sha256(blob), new SqlBytes(blob), new SqlBinary(PackLikeTsql(values)));
            object row = Assert.Single(rows.Cast<object>());
            ScoringFunctions.FillPredictionRow(row, out SqlInt32 cls, out SqlString label, out SqlSingle score, out SqlSingle probability);
            Assert.Equal(expected.PredictedClass, cls.Value);
            Assert.Equal(expected.PredictedLabel, label.Value);
            Assert.Equal(expected.Score, score.Value);
            Assert.Equal(expected.Probability, probability.Value);
        }
    }

    [Fact]
    public void Predict_flags_missing_values_unseen_categories_and_values_outside_the_training_range()
    {
        byte[] blob = TestModels.Churn;
        ScoringModel model = ScoringModel.Load(blob);
        int age = model.FindInput("Age"), plan = model.FindInput("Plan"), tenure = model.FindInput("Tenure");
        Assert.Equal(new[] { 0, 1, 2 }, new[] { age, plan, tenure });

        byte[] Flags(object? a, object? p, object? t)
        {
            byte[] packed = ScoringFunctions.Predict(7, Sha256(blob), new SqlBytes(blob), new SqlBinary(PackLikeTsql(a, p, t))).Value;
            return packed.Skip(15).Take((packed[13] << 8) | packed[14]).ToArray();
        }

        double min = model.Inputs[tenure].TrainingMin, max = model.Inputs[tenure].TrainingMax;
        Assert.Equal(new byte[] { 0, 0, 0 }, Flags(30, "basic", (min + max) / 2));
        Assert.Equal(new byte[] { 1, 1, 0 }, Flags(null, null, (min + max) / 2));
        Assert.Equal(new byte[] { 0, 2, 0 }, Flags(30, "platinum", (min + max) / 2));
        if (!double.IsNaN(min))
        {
            Assert.Equal(new byte[] { 0, 0, 3 }, Flags(30, "plus", min - 1));
            Assert.Equal(new byte[] { 0, 0, 4 }, Flags(30, "plus", max + 1));
        }
    }

    [Fact]
    public void Predict_returns_NULL_and_no_row_for_NULL_arguments()
    {
        byte[] blob = TestModels.Churn;
        Assert.True(ScoringFunctions.Predict(SqlInt32.Null, Sha256(blob), new SqlBytes(blob), new SqlBinary(PackLikeTsql(1, "basic", 2))).IsNull);
        Assert.True(ScoringFunctions.Predict(1, Sha256(blob), SqlBytes.Null, new SqlBinary(PackLikeTsql(1, "basic", 2))).IsNull);
        Assert.True(ScoringFunctions.Predict(1, Sha256(blob), new SqlBytes(blob), SqlBinary.Null).IsNull);
        Assert.Empty(ScoringFunctions.PredictRow(1, Sha256(blob), new SqlBytes(blob), SqlBinary.Null).Cast<object>());
    }

    [Fact]
    public void A_blob_that_does_not_hash_to_its_key_is_refused_on_a_cache_miss()
    {
        byte[] blob = TestModels.Churn;
        var wrongKey = new SqlBinary(new byte[32]);
        var ex = Assert.Throws<ArgumentException>(() => ScoringFunctions.Predict(987654, wrongKey, new SqlBytes(blob), new SqlBinary(PackLikeTsql(30, "plus", 3))));
        Assert.Contains("does not have the SHA-256", ex.Message);
    }

    [Fact]
    public void On_a_cache_hit_the_blob_is_not_read()
    {
        byte[] blob = TestModels.ChurnRetrained;
        SqlBinary key = Sha256(blob);
        byte[] inputs = PackLikeTsql(40, "premium", 12);
        byte[] first = ScoringFunctions.Predict(424242, key, new SqlBytes(blob), new SqlBinary(inputs)).Value;
        // Same key, unreadable stand-in: a hit must not touch it.
        var unreadable = new SqlBytes(new ThrowingStream());
        byte[] second = ScoringFunctions.Predict(424242, key, unreadable, new SqlBinary(inputs)).Value;
        Assert.Equal(first, second);
    }

    [Fact]
    public void Malformed_packed_inputs_fail_with_a_message_naming_the_problem()
    {
        byte[] blob = TestModels.Churn;
        var tooFew = Assert.Throws<ArgumentException>(() => ScoringFunctions.Predict(1, Sha256(blob), new SqlBytes(blob), new SqlBinary(PackLikeTsql(30.0))));
        Assert.Contains("expects input", tooFew.Message);
        var tooMany = Assert.Throws<ArgumentException>(() => ScoringFunctions.Predict(1, Sha256(blob), new SqlBytes(blob), new SqlBinary(PackLikeTsql(1, 2, 3, 4))));
        Assert.Contains("more than", tooMany.Message);
        var noHeader = Assert.Throws<ArgumentException>(() => ScoringFunctions.Predict(1, Sha256(blob), new SqlBytes(blob), new SqlBinary(new byte[] { 9 })));
        Assert.Contains("format version", noHeader.Message);
    }

    [Fact]
    public void UnpackInputs_gives_the_values_as_JSON_in_model_order()
    {
        Assert.Equal("[30,\"gold \\\"x\\\"\",null,1.5]", ScoringFunctions.UnpackInputs(new SqlBinary(PackLikeTsql(30, "gold \"x\"", null, 1.5))).Value);
    }

    [Fact]
    public void ReadReal_maps_NaN_to_NULL_and_reads_big_endian()
    {
        var packed = new SqlBinary(new byte[] { 0x01, 0, 0, 0, 1, 0x3F, 0x80, 0, 0, 0x7F, 0xC0, 0, 0 });
        Assert.Equal(1.0f, ScoringFunctions.ReadReal(packed, 6).Value);
        Assert.True(ScoringFunctions.ReadReal(packed, 10).IsNull);
    }

    [Fact]
    public void The_model_cache_holds_at_most_its_capacity()
    {
        Assert.True(ModelCache.Shared.Count <= ModelCache.Capacity);
    }

    private sealed class ThrowingStream : System.IO.Stream
    {
        public override bool CanRead => true;
        public override bool CanSeek => true;
        public override bool CanWrite => false;
        public override long Length => throw new InvalidOperationException("blob read on a cache hit");
        public override long Position { get => 0; set => throw new InvalidOperationException("blob read on a cache hit"); }
        public override void Flush() { }
        public override int Read(byte[] buffer, int offset, int count) => throw new InvalidOperationException("blob read on a cache hit");
        public override long Seek(long offset, System.IO.SeekOrigin origin) => throw new InvalidOperationException("blob read on a cache hit");
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
