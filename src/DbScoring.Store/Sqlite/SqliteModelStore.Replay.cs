using System;
using System.Collections.Generic;
using System.Globalization;
using DbScoring.Runtime;

namespace DbScoring.Store.Sqlite
{
    public sealed partial class SqliteModelStore
    {
        /// <inheritdoc />
        public ReplayResult? ReplayPrediction(long runId, string rowKey) => Guard(() =>
        {
            if (rowKey == null) throw new ArgumentNullException(nameof(rowKey));
            RequireSchema();
            var logged = Query(_connection,
                "SELECT p.PredictionLogId, m.ModelName, v.VersionNumber, p.BlobSha256, p.InputsJson, p.PredictedLabel, p.PredictedClass, p.Score, p.Probability, p.ClassScores, " +
                "p.Status, p.Reason " +
                "FROM PredictionLog AS p JOIN ModelVersion AS v ON v.ModelVersionId = p.ModelVersionId JOIN Model AS m ON m.ModelId = v.ModelId " +
                "WHERE p.ScoringRunId = $run AND p.RowKey = $key AND p.Role = 'Primary' ORDER BY p.PredictionLogId LIMIT 1",
                r => (Id: r.GetInt64(0), Model: r.GetString(1), Version: r.GetInt32(2), Sha: r.GetString(3), Inputs: Str(r, 4),
                      Outputs: new ReplayOutputs
                      {
                          Status = r.GetString(10), Reason = Str(r, 11),
                          PredictedLabel = Str(r, 5), PredictedClass = Long(r, 6), Score = r.IsDBNull(7) ? null : (float)r.GetDouble(7),
                          Probability = r.IsDBNull(8) ? null : (float)r.GetDouble(8), ClassScores = Str(r, 9),
                      }),
                ("$run", runId), ("$key", rowKey));
            if (logged.Count == 0) return null;
            var row = logged[0];
            if (row.Inputs == null)
                return new ReplayResult { RunId = runId, RowKey = rowKey, PredictionLogId = row.Id, Model = row.Model, Version = row.Version, BlobSha256 = row.Sha, InputsLogged = false, Logged = row.Outputs };

            // The exact bytes: the version's stored blob, verified against its SHA-256, which must be the one logged.
            var resolved = _catalog.Resolve(_connection, ModelRef.ForVersion(row.Model, row.Version));
            if (!string.Equals(resolved.BlobSha256, row.Sha, StringComparison.Ordinal))
                throw new BlobIntegrityException($"Prediction {row.Id} names model bytes {row.Sha}, but {row.Model} version {row.Version} holds {resolved.BlobSha256}.");

            // Scored again by the evaluation score-table used (a Fallback row was logged with the fallback version and its
            // inputs); json_each gives each logged value with the SQLite type the scoring function received.
            var args = new List<object?> { ModelRef.ForVersion(row.Model, row.Version).ToString() };
            foreach (var (name, value) in Query(_connection, "SELECT key, value FROM json_each($j)", r => (r.GetString(0), r.IsDBNull(1) ? null : r.GetValue(1)), ("$j", row.Inputs)))
            {
                if (resolved.ScoringModel.FindInput(name) < 0)
                    throw new ModelStoreException($"Prediction {row.Id} logged an input '{name}' that {row.Model} version {row.Version} does not have.");
                args.Add(name);
                args.Add(value);
            }
            var outcome = new SqliteScoringFunctions.RowOutcome();
            _functions.Evaluate(args.ToArray(), outcome);
            var replayed = new ReplayOutputs
            {
                Status = outcome.Error == null ? "Scored" : "Refused", Reason = outcome.Error,
                PredictedLabel = outcome.Label, PredictedClass = outcome.Class, Score = (float?)outcome.Score, Probability = (float?)outcome.Probability,
                ClassScores = outcome.ClassScores,
            };
            var differences = new List<string>();
            void Compare(string what, string? a, string? b) { if (!string.Equals(a, b, StringComparison.Ordinal)) differences.Add($"{what}: logged {a ?? "NULL"}, replayed {b ?? "NULL"}"); }
            if ((row.Outputs.Status == "Refused") != (replayed.Status == "Refused")) Compare("Status", row.Outputs.Status, replayed.Status);
            else if (replayed.Status == "Refused" && !SameRefusal(row.Outputs.Reason, replayed.Reason!)) Compare("Reason", row.Outputs.Reason, replayed.Reason);
            Compare("PredictedLabel", row.Outputs.PredictedLabel, replayed.PredictedLabel);
            Compare("PredictedClass", Text(row.Outputs.PredictedClass), Text(replayed.PredictedClass));
            Compare("Score", Bits(row.Outputs.Score), Bits(replayed.Score));
            Compare("Probability", Bits(row.Outputs.Probability), Bits(replayed.Probability));
            Compare("ClassScores", row.Outputs.ClassScores, replayed.ClassScores);
            return new ReplayResult
            {
                RunId = runId, RowKey = rowKey, PredictionLogId = row.Id, Model = row.Model, Version = row.Version, BlobSha256 = row.Sha,
                InputsLogged = true, InputsJson = row.Inputs, Logged = row.Outputs, Replayed = replayed, Differences = differences,
            };
        });

        /// <summary>The logged refusal's reason is the replayed one, or starts with it when the fallback refused too.</summary>
        private static bool SameRefusal(string? logged, string replayed) =>
            logged != null && (string.Equals(logged, replayed, StringComparison.Ordinal) || logged.StartsWith(replayed + " Fallback: ", StringComparison.Ordinal));

        private static string? Text(long? value) => value?.ToString(CultureInfo.InvariantCulture);

        /// <summary>A float as its value and exact bits, so that "identical" means bit for bit.</summary>
        private static string? Bits(float? value) =>
            value == null ? null : value.Value.ToString("R", CultureInfo.InvariantCulture) + " (0x" + BitConverter.SingleToInt32Bits(value.Value).ToString("X8", CultureInfo.InvariantCulture) + ")";
    }
}
