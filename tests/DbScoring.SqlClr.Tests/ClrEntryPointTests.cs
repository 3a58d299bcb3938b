using System.Collections.Generic;
using System.Collections;
using System.Data.SqlTypes;
using System.Linq;
using System.Text.Json;
using System.Text;
using System;
using DbScoring.Runtime;
using DbScoring.SqlClr;
using DbScoring.Testing;
using Xunit;

namespace DbScoring.SqlClr.Tests;

/// <summary>
/// The SQL CLR entry points, compiled for net10 from the same sources as the net48 assembly and called the way
/// SQL Server calls them (SqlTypes in, SqlTypes out), with inputs packed exactly as the generated T-SQL packs them.
/// What this cannot show: the SQL Server host itself (SAFE enforcement, AppDomain, parallel plans).
/// </summary>
public class ClrEntryPointTests
{
    /// <summary>Packs values with the production encoder (the same format the generated T-SQL writes).</summary>
    internal static byte[] Pack(params object?[] values) => InputCodec.Encode(values);

    private static SqlBinary Sha256(byte[] blob) => new(System.Security.Cryptography.SHA256.HashData(blob));

    [Fact]
    public void ModelInspect_reports_the_format_version_the_blob_states_which_SQL_Server_stores()
    {
        // A blob written by the format 1.0 writer itself (tests/fixtures/format-1.0/README.md); AddModelVersion stores $.formatVersion.
        byte[] old = System.IO.File.ReadAllBytes(Repo.Fixture("format-1.0", "churn-logistic-1.0.dbsm"));
        using JsonDocument doc = JsonDocument.Parse(ScoringFunctions.ModelInspect(new SqlBytes(old)).Value);
        Assert.True(doc.RootElement.GetProperty("valid").GetBoolean());
        Assert.Equal("1.0", doc.RootElement.GetProperty("formatVersion").GetString());
    }

    [Fact]
    public void ModelInspect_describes_a_valid_blob_with_inputs_in_model_order()
    {
        SqlString json = ScoringFunctions.ModelInspect(new SqlBytes(ChurnModels.Churn));
        using JsonDocument doc = JsonDocument.Parse(json.Value);
        JsonElement root = doc.RootElement;
        Assert.True(root.GetProperty("valid").GetBoolean());
        Assert.Equal(1, root.GetProperty("kind").GetInt32());
        Assert.Equal(64, root.GetProperty("contentHash").GetString()!.Length);
        Assert.Equal(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(ChurnModels.Churn)), root.GetProperty("blobSha256").GetString());
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
        byte[] corrupt = (byte[])ChurnModels.Churn.Clone();
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
        byte[] blob = ChurnModels.Churn;
        ScoringModel model = ScoringModel.Load(blob);
        Scorer scorer = model.CreateScorer();
        for (int i = 1; i <= 200; i++)
        {
            var f = ChurnModels.Features(i);
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
            SqlBinary packed = ScoringFunctions.Predict(7, Sha256(blob), new SqlBytes(blob), new SqlBinary(Pack(values)));
            PredictionRow p = PredictionCodec.Unpack(packed.Value, out byte[] flags);
            Assert.Equal(expected.PredictedClass, p.PredictedClass);
            Assert.Equal(expected.Score, p.Score);
            Assert.Equal(expected.Probability, p.Probability);
            Assert.Equal(model.Inputs.Count, flags.Length);
            Assert.Equal(expected.PredictedLabel, p.PredictedLabel);
            // The SQL reader function takes 1-based positions, as the generated T-SQL passes them.
            Assert.Equal(expected.Score, ScoringFunctions.ReadReal(packed, PredictionCodec.Position(PredictionCodec.ScoreOffset)).Value);
            Assert.Equal(expected.Probability, ScoringFunctions.ReadReal(packed, PredictionCodec.Position(PredictionCodec.ProbabilityOffset)).Value);

            IEnumerable rows = ScoringFunctions.PredictRow(7, Sha256(blob), new SqlBytes(blob), new SqlBinary(Pack(values)));
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
        byte[] blob = ChurnModels.Churn;
        ScoringModel model = ScoringModel.Load(blob);
        int age = model.FindInput("Age"), plan = model.FindInput("Plan"), tenure = model.FindInput("Tenure");
        Assert.Equal(new[] { 0, 1, 2 }, new[] { age, plan, tenure });

        byte[] Flags(object? a, object? p, object? t)
        {
            byte[] packed = ScoringFunctions.Predict(7, Sha256(blob), new SqlBytes(blob), new SqlBinary(Pack(a, p, t))).Value;
            PredictionCodec.Unpack(packed, out byte[] flags);
            return flags;
        }

        double min = model.Inputs[tenure].TrainingMin, max = model.Inputs[tenure].TrainingMax;
        const byte ok = InputCodec.FlagOk, missing = InputCodec.FlagMissing, unseen = InputCodec.FlagUnseenCategory;
        Assert.Equal(new byte[] { ok, ok, ok }, Flags(30, "basic", (min + max) / 2));
        Assert.Equal(new byte[] { missing, missing, ok }, Flags(null, null, (min + max) / 2));
        Assert.Equal(new byte[] { ok, unseen, ok }, Flags(30, "platinum", (min + max) / 2));
        Assert.Equal(new byte[] { 1, 1, 0 }, new[] { missing, missing, ok }); // persisted numbers: never renumber
        if (!double.IsNaN(min))
        {
            Assert.Equal(new byte[] { ok, ok, InputCodec.FlagBelowTrainingMin }, Flags(30, "plus", min - 1));
            Assert.Equal(new byte[] { ok, ok, InputCodec.FlagAboveTrainingMax }, Flags(30, "plus", max + 1));
            Assert.Equal(new byte[] { 3, 4 }, new[] { InputCodec.FlagBelowTrainingMin, InputCodec.FlagAboveTrainingMax });
        }
    }

    [Fact]
    public void Predict_returns_NULL_and_no_row_for_NULL_arguments()
    {
        byte[] blob = ChurnModels.Churn;
        Assert.True(ScoringFunctions.Predict(SqlInt32.Null, Sha256(blob), new SqlBytes(blob), new SqlBinary(Pack(1, "basic", 2))).IsNull);
        Assert.True(ScoringFunctions.Predict(1, Sha256(blob), SqlBytes.Null, new SqlBinary(Pack(1, "basic", 2))).IsNull);
        Assert.True(ScoringFunctions.Predict(1, Sha256(blob), new SqlBytes(blob), SqlBinary.Null).IsNull);
        Assert.Empty(ScoringFunctions.PredictRow(1, Sha256(blob), new SqlBytes(blob), SqlBinary.Null).Cast<object>());
    }

    [Fact]
    public void A_blob_that_does_not_hash_to_its_key_is_refused_on_a_cache_miss()
    {
        byte[] blob = ChurnModels.Churn;
        var wrongKey = new SqlBinary(new byte[32]);
        var ex = Assert.Throws<ArgumentException>(() => ScoringFunctions.Predict(987654, wrongKey, new SqlBytes(blob), new SqlBinary(Pack(30, "plus", 3))));
        Assert.Contains("does not have the SHA-256", ex.Message);
    }

    [Fact]
    public void On_a_cache_hit_the_blob_is_not_read()
    {
        byte[] blob = ChurnModels.ChurnRetrained;
        SqlBinary key = Sha256(blob);
        byte[] inputs = Pack(40, "premium", 12);
        byte[] first = ScoringFunctions.Predict(424242, key, new SqlBytes(blob), new SqlBinary(inputs)).Value;
        // Same key, unreadable stand-in: a hit must not touch it.
        var unreadable = new SqlBytes(new ThrowingStream());
        byte[] second = ScoringFunctions.Predict(424242, key, unreadable, new SqlBinary(inputs)).Value;
        Assert.Equal(first, second);
    }

    [Fact]
    public void Malformed_packed_inputs_fail_with_a_message_naming_the_problem()
    {
        byte[] blob = ChurnModels.Churn;
        var tooFew = Assert.Throws<ArgumentException>(() => ScoringFunctions.Predict(1, Sha256(blob), new SqlBytes(blob), new SqlBinary(Pack(30.0))));
        Assert.Contains("expects input", tooFew.Message);
        var tooMany = Assert.Throws<ArgumentException>(() => ScoringFunctions.Predict(1, Sha256(blob), new SqlBytes(blob), new SqlBinary(Pack(1, 2, 3, 4))));
        Assert.Contains("more than", tooMany.Message);
        var noHeader = Assert.Throws<ArgumentException>(() => ScoringFunctions.Predict(1, Sha256(blob), new SqlBytes(blob), new SqlBinary(new byte[] { 9 })));
        Assert.Contains("format version", noHeader.Message);
    }

    [Fact]
    public void UnpackInputs_gives_the_values_as_JSON_in_model_order()
    {
        Assert.Equal("[30,\"gold \\\"x\\\"\",null,1.5]", ScoringFunctions.UnpackInputs(new SqlBinary(Pack(30, "gold \"x\"", null, 1.5))).Value);
    }

    [Fact]
    public void ReadReal_maps_NaN_to_NULL_and_reads_big_endian()
    {
        var packed = new SqlBinary(new byte[] { 0x01, 0, 0, 0, 1, 0x3F, 0x80, 0, 0, 0x7F, 0xC0, 0, 0 });
        Assert.Equal(1.0f, ScoringFunctions.ReadReal(packed, 6).Value);
        Assert.True(ScoringFunctions.ReadReal(packed, 10).IsNull);
    }

    [Fact]
    public void The_security_tests_model_asks_for_SSN_and_Salary_and_scores_with_them_missing()
    {
        byte[] blob = ChurnModels.ChurnReadingSsnAndSalary;
        ScoringModel model = ScoringModel.Load(blob);
        Assert.Equal(new[] { "Age", "Plan", "SSN", "Salary", "Tenure" }, model.Inputs.Select(i => i.Name).OrderBy(n => n, StringComparer.Ordinal).ToArray());
        object?[] values = model.Inputs.Select(i => i.Name switch { "Age" => (object?)30.0, "Plan" => "basic", "Tenure" => 3.0, _ => null }).ToArray();
        PredictionCodec.Unpack(ScoringFunctions.Predict(5, Sha256(blob), new SqlBytes(blob), new SqlBinary(Pack(values))).Value, out byte[] flags);
        Assert.Equal(InputCodec.FlagMissing, flags[model.FindInput("SSN")]);
        Assert.Equal(InputCodec.FlagMissing, flags[model.FindInput("Salary")]);
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
