using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text.Json;
using DbScoring.Runtime;
using DbScoring.Runtime.Explanations;
using DbScoring.Store.Sqlite;
using Microsoft.Data.Sqlite;
using Xunit;

namespace DbScoring.Store.Tests
{
    /// <summary>Reason codes in the embedded store: dbscoring_explain, and ScoreTable with Explain.</summary>
    public sealed class SqliteExplanationTests : IDisposable
    {
        private readonly string _dir = Path.Combine(Path.GetTempPath(), "dbscoring-explain-" + Guid.NewGuid().ToString("N"));
        private readonly SqliteModelStore _store;

        public SqliteExplanationTests()
        {
            Directory.CreateDirectory(_dir);
            _store = new SqliteModelStore(Path.Combine(_dir, "store.db"));
            _store.EnsureSchema();
            _store.RegisterVersion(new RegisterRequest { Model = "churn", Blob = TestModels.Churn(), SourceArtifactName = "churn.zip", SourceArtifactSha256 = new string('a', 64), RegisteredBy = "tester" });
            _store.SetAlias("churn", "production", 1);
            using var c = _store.OpenConnection();
            Exec(c, "CREATE TABLE customers (Id INTEGER PRIMARY KEY, Age REAL, Tenure REAL, Plan TEXT)");
            for (int i = 1; i <= 60; i++)
            {
                var x = TestModels.Customer(i);
                Exec(c, "INSERT INTO customers VALUES ($id, $age, $tenure, $plan)", ("$id", x.Id), ("$age", x.Age), ("$tenure", x.Tenure), ("$plan", x.Plan));
            }
        }

        public void Dispose()
        {
            _store.Dispose();
            SqliteConnection.ClearAllPools();
            try { Directory.Delete(_dir, recursive: true); } catch (IOException) { }
        }

        [Fact]
        public void dbscoring_explain_returns_the_runtimes_explanation_as_JSON_strongest_first()
        {
            var model = ScoringModel.Load(TestModels.Churn());
            var scorer = model.CreateScorer();
            var expected = new Explanation(model);
            using var c = _store.OpenConnection();
            var rows = Query(c, "SELECT Id, dbscoring_explain('churn', 2, 'Age', Age, 'Tenure', Tenure, 'Plan', Plan), " +
                                "dbscoring_explain('churn:1', NULL, 'Age', Age, 'Tenure', Tenure, 'Plan', Plan) FROM customers ORDER BY Id");
            Assert.Equal(60, rows.Count);
            foreach (var (id, top2, all) in rows)
            {
                var x = TestModels.Customer((int)id);
                if (x.Age.HasValue) scorer.SetNumber(0, x.Age.Value);
                if (x.Tenure.HasValue) scorer.SetNumber(1, x.Tenure.Value);
                scorer.SetText(2, x.Plan);
                scorer.Explain(expected);
                Assert.Equal(ExplanationJson.Write(expected), all);
                Assert.Equal(ExplanationJson.Write(expected, 2), top2);

                using var json = JsonDocument.Parse(all);
                var contributions = json.RootElement.GetProperty("contributions").EnumerateArray().ToList();
                Assert.Equal(3, contributions.Count);
                Assert.Equal(model.Inputs[expected.Ranked[0]].Name, contributions[0].GetProperty("input").GetString());
                if (json.RootElement.GetProperty("rawScore").ValueKind == JsonValueKind.Number)
                {
                    double sum = json.RootElement.GetProperty("base").GetDouble() + contributions.Sum(e => e.GetProperty("contribution").GetDouble());
                    Assert.Equal(json.RootElement.GetProperty("rawScore").GetDouble(), sum, 5);
                }
                Assert.Equal("Linear", json.RootElement.GetProperty("method").GetString());
            }
        }

        [Fact]
        public void dbscoring_explain_refuses_a_bad_count_by_name()
        {
            using var c = _store.OpenConnection();
            var ex = Assert.Throws<SqliteException>(() => Query(c, "SELECT 0, dbscoring_explain('churn', -1, 'Age', 1, 'Tenure', 2, 'Plan', 'basic'), NULL"));
            Assert.Contains("number of reasons", ex.Message, StringComparison.Ordinal);
        }

        [Fact]
        public void ScoreTable_with_Explain_writes_the_top_reasons_and_logs_the_whole_explanation()
        {
            var run = _store.ScoreTable(new ScoreTableRequest
            {
                Model = ModelRef.Parse("churn@production"), Source = "customers", KeyColumns = new[] { "Id" }, Target = "scores",
                BatchSize = 25, LogInputs = true, Explain = 2,
            });
            Assert.Equal("Succeeded", run.Status);
            Assert.Contains("Explain = 2", run.Command, StringComparison.Ordinal);
            using var c = _store.OpenConnection();
            var rows = new List<(string? R1, double? C1, string? R2, double? C2, string Logged, double? Score)>();
            using (var cmd = c.CreateCommand())
            {
                cmd.CommandText = "SELECT s.Reason1, s.Reason1Contribution, s.Reason2, s.Reason2Contribution, p.Explanation, s.Score " +
                                  "FROM scores AS s JOIN PredictionLog AS p ON p.RowKey = CAST(s.Id AS TEXT) AND p.ScoringRunId = s.ScoringRunId ORDER BY s.Id";
                using var r = cmd.ExecuteReader();
                while (r.Read())
                    rows.Add((r.IsDBNull(0) ? null : r.GetString(0), r.IsDBNull(1) ? null : r.GetDouble(1), r.IsDBNull(2) ? null : r.GetString(2),
                              r.IsDBNull(3) ? null : r.GetDouble(3), r.GetString(4), r.IsDBNull(5) ? null : r.GetDouble(5)));
            }
            Assert.Equal(60, rows.Count);
            foreach (var row in rows)
            {
                using var json = JsonDocument.Parse(row.Logged);
                var contributions = json.RootElement.GetProperty("contributions").EnumerateArray().ToList();
                Assert.Equal(3, contributions.Count); // the log keeps every input
                Assert.Equal(contributions[0].GetProperty("input").GetString(), row.R1);
                Assert.Equal(contributions[1].GetProperty("input").GetString(), row.R2);
                if (row.C1.HasValue) Assert.Equal(contributions[0].GetProperty("contribution").GetDouble(), row.C1.Value);
                if (row.Score.HasValue) Assert.Equal((float)row.Score.Value, (float)json.RootElement.GetProperty("rawScore").GetDouble());
            }
            var logged = _store.PredictionsForKey("7", "churn");
            Assert.Contains("\"contributions\"", logged.Single().ExplanationJson, StringComparison.Ordinal);
        }

        [Fact]
        public void ScoreTable_refuses_Explain_beyond_the_inputs_and_an_existing_target_without_reason_columns()
        {
            var tooMany = Assert.Throws<ArgumentException>(() => _store.ScoreTable(new ScoreTableRequest
                { Model = ModelRef.Parse("churn"), Source = "customers", KeyColumns = new[] { "Id" }, Target = "scores", Explain = 4 }));
            Assert.Contains("at most 3 reasons", tooMany.Message, StringComparison.Ordinal);
            _store.ScoreTable(new ScoreTableRequest { Model = ModelRef.Parse("churn"), Source = "customers", KeyColumns = new[] { "Id" }, Target = "plain" });
            var lacking = Assert.Throws<ArgumentException>(() => _store.ScoreTable(new ScoreTableRequest
                { Model = ModelRef.Parse("churn:1"), Source = "customers", KeyColumns = new[] { "Id" }, Target = "plain", Explain = 1 }));
            Assert.Contains("Reason1", lacking.Message, StringComparison.Ordinal);
        }

        private static void Exec(SqliteConnection c, string sql, params (string Name, object? Value)[] parameters)
        {
            using var cmd = c.CreateCommand();
            cmd.CommandText = sql;
            foreach (var (name, value) in parameters) cmd.Parameters.AddWithValue(name, value ?? DBNull.Value);
            cmd.ExecuteNonQuery();
        }

        private static List<(long Id, string A, string B)> Query(SqliteConnection c, string sql)
        {
            using var cmd = c.CreateCommand();
            cmd.CommandText = sql;
            using var r = cmd.ExecuteReader();
            var rows = new List<(long, string, string)>();
            while (r.Read()) rows.Add((r.GetInt64(0), r.IsDBNull(1) ? "" : r.GetString(1), r.IsDBNull(2) ? "" : r.GetString(2)));
            return rows;
        }
    }
}
