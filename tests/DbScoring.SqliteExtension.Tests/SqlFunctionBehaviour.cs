using System;
using System.Globalization;
using System.Linq;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using DbScoring.Runtime;
using DbScoring.Runtime.Explanations;
using DbScoring.Runtime.Format;
using DbScoring.Testing;
using Xunit;
using RuntimeTestModels = DbScoring.Runtime.Tests.TestModels;
using StoreModels = DbScoring.Store.Tests.TestModels;

namespace DbScoring.SqliteExtension.Tests
{
    /// <summary>
    /// What the dbscoring_ SQL functions do, wherever they run: every host gets the same results as the runtime's own
    /// Scorer, bit for bit, and the same error texts. One derived class per host.
    /// </summary>
    public abstract class SqlFunctionBehaviour
    {
        protected SqlFunctionBehaviour(FunctionStore store, SqlFunctionHost host)
        {
            Store = store;
            Host = host;
        }

        protected FunctionStore Store { get; }
        protected SqlFunctionHost Host { get; }

        /// <summary>Rows of <paramref name="sql"/> on the test store; fails with the error when there is one.</summary>
        protected object?[][] Rows(string sql, string? database = null)
        {
            Skip.If(Host.SkipReason != null, Host.SkipReason);
            var result = Host.Run(database ?? Store.StorePath, sql);
            Assert.True(result.Error == null, $"{sql}\nfailed: {result.Error}");
            return result.Rows!.ToArray();
        }

        /// <summary>The error text of <paramref name="sql"/>; fails when it succeeds.</summary>
        protected string Error(string sql, string? database = null)
        {
            Skip.If(Host.SkipReason != null, Host.SkipReason);
            var result = Host.Run(database ?? Store.StorePath, sql);
            Assert.True(result.Error != null, $"{sql}\nsucceeded, but an error was expected");
            return result.Error!;
        }

        [SkippableFact]
        public void Churn_scores_every_customer_like_the_runtime_through_alias_pinned_version_and_bare_name()
        {
            string a = FunctionStore.ChurnArguments;
            var rows = Rows($"SELECT Id, dbscoring_score('churn@production', {a}), dbscoring_probability('churn:1', {a}), " +
                            $"dbscoring_label('churn', {a}), dbscoring_class('churn', {a}), dbscoring_score('churn@challenger', {a}) FROM customers ORDER BY Id");
            var v1 = ScoringModel.Load(StoreModels.Churn()).CreateScorer();
            var v2 = ScoringModel.Load(StoreModels.Churn(bias: 0.5f)).CreateScorer();
            Assert.Equal(FunctionStore.Customers, rows.Length);
            foreach (var row in rows)
            {
                var customer = StoreModels.Customer((int)(long)row[0]!);
                var expected = StoreModels.Expected(v1, customer);
                AssertSameFloat(expected.Score, row[1]);
                AssertSameFloat(expected.Probability, row[2]);
                Assert.Equal(expected.PredictedLabel, row[3]);
                Assert.Equal((long)expected.PredictedClass, row[4]);
                AssertSameFloat(StoreModels.Expected(v2, customer).Score, row[5]);
            }
        }

        [SkippableFact]
        public void A_model_trained_by_ml_net_scores_every_customer_like_the_runtime()
        {
            string a = FunctionStore.ChurnArguments;
            var rows = Rows($"SELECT Id, dbscoring_score('mlnet_churn', {a}), dbscoring_probability('mlnet_churn', {a}), dbscoring_label('mlnet_churn', {a}) FROM customers ORDER BY Id");
            var scorer = ScoringModel.Load(ChurnModels.Churn).CreateScorer();
            Assert.Equal(FunctionStore.Customers, rows.Length);
            foreach (var row in rows)
            {
                var expected = StoreModels.Expected(scorer, StoreModels.Customer((int)(long)row[0]!));
                AssertSameFloat(expected.Score, row[1], $"customer {row[0]}");
                AssertSameFloat(expected.Probability, row[2], $"customer {row[0]}");
                Assert.Equal(expected.PredictedLabel, row[3]);
            }
        }

        [SkippableFact]
        public void Every_model_kind_scores_every_row_like_the_runtime()
        {
            foreach (var (name, definition) in FunctionStore.RuntimeModels)
            {
                string a = FunctionStore.FeatureArguments;
                var rows = Rows($"SELECT Id, dbscoring_score('{name}', {a}) AS s, dbscoring_probability('{name}', {a}) AS p, dbscoring_label('{name}', {a}) AS l, " +
                                $"dbscoring_class('{name}', {a}) AS c, dbscoring_class_scores('{name}', {a}) AS cs FROM feature_rows ORDER BY Id");
                var model = ScoringModel.Load(ModelSerializer.Write(definition));
                var scorer = model.CreateScorer();
                Assert.Equal(FunctionStore.FeatureRows, rows.Length);
                foreach (var row in rows)
                {
                    RuntimeTestModels.Set(scorer, FunctionStore.Rows[(int)(long)row[0]! - 1]);
                    var expected = scorer.Predict();
                    string where = $"{name}, row {row[0]}";
                    AssertSameFloat(expected.Score, row[1], where);
                    AssertSameFloat(expected.Probability, row[2], where);
                    Assert.Equal(expected.PredictedLabel, row[3]);
                    if (model.Kind == PredictionKind.Regression) Assert.Null(row[4]);
                    else Assert.Equal((long)expected.PredictedClass, row[4]);
                    if (expected.ClassScores.Length == 0) Assert.Null(row[5]);
                    else
                    {
                        var scores = JsonDocument.Parse((string)row[5]!).RootElement.EnumerateArray().Select(Sqlite3ShellHost.Value).ToArray();
                        Assert.Equal(expected.ClassScores.Length, scores.Length);
                        for (int k = 0; k < scores.Length; k++) AssertSameFloat(expected.ClassScores[k], scores[k], where);
                    }
                }
            }
        }

        [SkippableFact]
        public void An_outcome_holds_exactly_what_each_output_function_returns_or_the_rows_error()
        {
            foreach (var (name, _) in FunctionStore.RuntimeModels)
            {
                string a = FunctionStore.FeatureArguments;
                var rows = Rows($"SELECT dbscoring_score('{name}', {a}), dbscoring_probability('{name}', {a}), dbscoring_label('{name}', {a}), " +
                                $"dbscoring_class('{name}', {a}), dbscoring_class_scores('{name}', {a}), " +
                                string.Join(", ", new[] { "score", "probability", "label", "class", "class_scores", "error" }.Select(f => $"dbscoring_outcome_field(o, '{f}')")) +
                                $" FROM (SELECT *, dbscoring_outcome('{name}', {a}) AS o FROM feature_rows LIMIT -1 OFFSET 0) ORDER BY Id");
                Assert.Equal(FunctionStore.FeatureRows, rows.Length);
                foreach (var row in rows)
                {
                    for (int i = 0; i < 5; i++) Assert.Equal(row[i], row[5 + i]);
                    Assert.Null(row[10]);
                }
            }
            string bad = "'Age', 'old', 'Tenure', 1, 'Plan', 'basic'";
            var refused = Rows($"SELECT dbscoring_error('churn', {bad}), dbscoring_outcome_field(o, 'error'), dbscoring_outcome_field(o, 'score') " +
                               $"FROM (SELECT dbscoring_outcome('churn', {bad}) AS o)")[0];
            Assert.NotNull(refused[0]);
            Assert.Equal(refused[0], refused[1]);
            Assert.Null(refused[2]);
            Assert.Contains("no field 'odds'", Error("SELECT dbscoring_outcome_field(dbscoring_outcome('churn', 'Age', 30, 'Tenure', 1, 'Plan', 'basic'), 'odds')"), StringComparison.Ordinal);
            Assert.Contains("must be a value returned by dbscoring_outcome", Error("SELECT dbscoring_outcome_field('x', 'score')"), StringComparison.Ordinal);
        }

        [SkippableFact]
        public void Explain_gives_the_runtimes_reason_codes_for_every_row()
        {
            var rows = Rows($"SELECT Id, dbscoring_explain('binary_linear', 3, {FunctionStore.FeatureArguments}), " +
                            $"dbscoring_explain('binary_linear', NULL, {FunctionStore.FeatureArguments}) FROM feature_rows ORDER BY Id");
            var model = ScoringModel.Load(ModelSerializer.Write(FunctionStore.RuntimeModels.Single(m => m.Name == "binary_linear").Definition));
            var scorer = model.CreateScorer();
            var explanation = new Explanation(model);
            Assert.Equal(FunctionStore.FeatureRows, rows.Length);
            foreach (var row in rows)
            {
                RuntimeTestModels.Set(scorer, FunctionStore.Rows[(int)(long)row[0]! - 1]);
                scorer.Explain(explanation);
                Assert.Equal(ExplanationJson.Write(explanation, 3), row[1]);
                Assert.Equal(ExplanationJson.Write(explanation), row[2]);
            }
        }

        [SkippableFact]
        public void Predict_returns_json_naming_the_version_that_scored()
        {
            var row = Assert.Single(Rows("SELECT dbscoring_predict('churn@challenger', 'Age', 41, 'Tenure', 12, 'PLAN', 'basic')"));
            using var json = JsonDocument.Parse((string)row[0]!);
            var expected = StoreModels.Expected(ScoringModel.Load(StoreModels.Churn(bias: 0.5f)).CreateScorer(), (1, 41, 12, "basic"));
            Assert.Equal("churn", json.RootElement.GetProperty("model").GetString());
            Assert.Equal(2, json.RootElement.GetProperty("version").GetInt32());
            Assert.Equal(expected.PredictedLabel, json.RootElement.GetProperty("label").GetString());
            Assert.Equal(expected.Score, json.RootElement.GetProperty("score").GetSingle());
            Assert.Equal(expected.Probability, json.RootElement.GetProperty("probability").GetSingle());
        }

        [SkippableFact]
        public void Sha256_hashes_text_as_utf8_and_blobs_as_bytes()
        {
            var row = Assert.Single(Rows("SELECT dbscoring_sha256('Zürich 東京'), dbscoring_sha256(x'00ff10'), dbscoring_sha256(NULL)"));
            Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes("Zürich 東京"))), row[0]);
            Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(new byte[] { 0x00, 0xff, 0x10 })), row[1]);
            Assert.Null(row[2]);
            Assert.Contains("dbscoring_sha256 takes text or a blob", Error("SELECT dbscoring_sha256(42)"), StringComparison.Ordinal);
        }

        [SkippableFact]
        public void Refresh_returns_one_and_scoring_goes_on_after_it()
        {
            var rows = Rows("SELECT dbscoring_refresh(), dbscoring_label('churn', 'Age', 30, 'Tenure', 1, 'Plan', 'basic')");
            Assert.Equal(1L, rows[0][0]);
            Assert.NotNull(rows[0][1]);
        }

        [SkippableFact]
        public void Unknown_models_aliases_and_versions_are_errors_that_name_them()
        {
            string a = "'Age', 30, 'Tenure', 1, 'Plan', 'basic'";
            Assert.Contains("No model is named 'nosuch' in this store.", Error($"SELECT dbscoring_score('nosuch', {a})"), StringComparison.Ordinal);
            Assert.Contains("Model 'churn' has no alias 'staging' (promote a version first).", Error($"SELECT dbscoring_score('churn@staging', {a})"), StringComparison.Ordinal);
            Assert.Contains("Model 'churn' has no version 9.", Error($"SELECT dbscoring_score('churn:9', {a})"), StringComparison.Ordinal);
            Assert.Contains("names both an alias and a version", Error($"SELECT dbscoring_score('churn@production:1', {a})"), StringComparison.Ordinal);
            Assert.DoesNotContain("(Parameter", Error($"SELECT dbscoring_score('nosuch', {a})"), StringComparison.Ordinal);
        }

        [SkippableFact]
        public void Wrong_arguments_are_errors_that_say_what_is_expected()
        {
            Assert.Contains("The first argument of a dbscoring_ function is the model reference as text", Error("SELECT dbscoring_score()"), StringComparison.Ordinal);
            Assert.Contains("3 arguments is an odd number", Error("SELECT dbscoring_score('churn', 'Age', 30, 'Tenure')"), StringComparison.Ordinal);
            Assert.Contains("inputs not given: Tenure (pass NULL for a missing value)", Error("SELECT dbscoring_score('churn', 'Age', 30, 'Plan', 'basic')"), StringComparison.Ordinal);
            Assert.Contains("it has no input 'Shoe'", Error("SELECT dbscoring_score('churn', 'Age', 30, 'Tenure', 1, 'Plan', 'basic', 'Shoe', 42)"), StringComparison.Ordinal);
            Assert.Contains("input 'age' is given twice", Error("SELECT dbscoring_score('churn', 'Age', 30, 'age', 31, 'Tenure', 1, 'Plan', 'basic')"), StringComparison.Ordinal);
            Assert.Contains("Input 'Age' was given a Byte[]", Error("SELECT dbscoring_score('churn', 'Age', x'01', 'Tenure', 1, 'Plan', 'basic')"), StringComparison.Ordinal);
            // A fixed arity is SQLite's own check.
            Assert.Contains("wrong number of arguments to function dbscoring_sha256()", Error("SELECT dbscoring_sha256('a', 'b')"), StringComparison.Ordinal);
            Assert.Contains("wrong number of arguments to function dbscoring_refresh()", Error("SELECT dbscoring_refresh(1)"), StringComparison.Ordinal);
        }

        [SkippableFact]
        public void A_tampered_blob_is_refused_and_the_untouched_version_still_scores()
        {
            string a = "'Age', 30, 'Tenure', 1, 'Plan', 'basic'";
            string error = Error($"SELECT dbscoring_score('churn:1', {a})", Store.TamperedPath);
            Assert.Contains("The stored blob of model 'churn' version 1", error, StringComparison.Ordinal);
            Assert.Contains("was altered in the database and will not be scored", error, StringComparison.Ordinal);
            Assert.Contains("tampered.db", error, StringComparison.Ordinal);
            var expected = StoreModels.Expected(ScoringModel.Load(StoreModels.Churn(bias: 0.5f)).CreateScorer(), (1, 30, 1, "basic"));
            AssertSameFloat(expected.Score, Assert.Single(Rows($"SELECT dbscoring_score('churn:2', {a})", Store.TamperedPath))[0]);
        }

        /// <summary>NaN is NULL in SQL; anything else must be the runtime's float exactly (REAL holds it as a double).</summary>
        protected static void AssertSameFloat(float expected, object? actual, string? where = null)
        {
            if (float.IsNaN(expected)) { Assert.True(actual == null, $"{where}: expected NULL for NaN, got {actual}"); return; }
            Assert.True(actual != null, $"{where}: expected {expected:R}, got NULL");
            float got = (float)Convert.ToDouble(actual, CultureInfo.InvariantCulture);
            Assert.True(BitConverter.SingleToInt32Bits(expected) == BitConverter.SingleToInt32Bits(got), $"{where}: expected {expected:R}, got {got:R}");
        }
    }

    /// <summary>The suite on the store's own connections.</summary>
    public sealed class InProcessSqlFunctionTests : SqlFunctionBehaviour, IClassFixture<FunctionStore>
    {
        public InProcessSqlFunctionTests(FunctionStore store) : base(store, new InProcessHost()) { }
    }

    /// <summary>The suite through the loadable extension in Debian's sqlite3 shell.</summary>
    [Collection(SqliteExtensionCollection.Name)]
    public sealed class Sqlite3ShellSqlFunctionTests : SqlFunctionBehaviour, IClassFixture<FunctionStore>
    {
        public Sqlite3ShellSqlFunctionTests(FunctionStore store) : base(store, new Sqlite3ShellHost()) { }
    }

    /// <summary>The suite through the loadable extension in Python's sqlite3 module.</summary>
    [Collection(SqliteExtensionCollection.Name)]
    public sealed class PythonSqlFunctionTests : SqlFunctionBehaviour, IClassFixture<FunctionStore>
    {
        public PythonSqlFunctionTests(FunctionStore store) : base(store, new PythonHost()) { }
    }

    /// <summary>The tests that use the published library run one after another (one publish, no concurrent packs).</summary>
    [CollectionDefinition(Name)]
    public sealed class SqliteExtensionCollection
    {
        public const string Name = "sqlite extension";
    }
}
