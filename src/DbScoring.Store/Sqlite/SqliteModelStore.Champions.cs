using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using DbScoring.Runtime.Monitoring;

namespace DbScoring.Store.Sqlite
{
    // Champion/challenger and fallback for ScoreTable: the shadow, split and fallback versions of a run, resolved once.
    public sealed partial class SqliteModelStore
    {
        /// <summary>The versions a run uses besides its own, with the SQL parameters of the batch statements.</summary>
        private sealed class RunVersions
        {
            internal readonly List<(string Text, ResolvedModel Model)> References = new List<(string, ResolvedModel)>();
            /// <summary>Each other version by its parameter prefix: s (shadow), b (split), f (fallback).</summary>
            internal readonly List<(string Role, ResolvedModel Model)> Roles = new List<(string, ResolvedModel)>();
            internal readonly List<(string Name, object? Value)> Parameters = new List<(string, object?)>();
            internal string CommandText = "";

            /// <summary>The version of a role (s, b or f), or null when the run has none.</summary>
            internal ResolvedModel? Role(string role) => Roles.Where(r => r.Role == role).Select(r => r.Model).FirstOrDefault();

            /// <summary>These parameters plus <paramref name="more"/>.</summary>
            internal (string Name, object? Value)[] With(params (string Name, object? Value)[] more) => Parameters.Concat(more).ToArray();
        }

        /// <summary>Matches the inputs of the shadow, split and fallback versions to source columns; all missing ones refused together.</summary>
        private static void MatchOtherInputs(ScorePlan plan, RunVersions others)
        {
            var problems = new List<string>();
            foreach (var (role, resolved) in others.Roles)
            {
                var matched = new List<(string InputName, string Column)>();
                var missing = new List<string>();
                foreach (var input in resolved.ScoringModel.Inputs)
                {
                    string? column = plan.SourceColumns.FirstOrDefault(c => string.Equals(c, input.Name, StringComparison.OrdinalIgnoreCase));
                    if (column == null) missing.Add(input.Name); else matched.Add((input.Name, column));
                }
                if (missing.Count > 0) problems.Add($"{plan.Source} lacks the input columns of {resolved.Model} version {resolved.Version}: {string.Join(", ", missing)}.");
                plan.OtherInputs[role] = matched;
            }
            if (problems.Count > 0) throw new ArgumentException("ScoreTable cannot run: " + string.Join(" ", problems), "request");
        }

        private RunVersions ResolveOthers(ScoreTableRequest request)
        {
            var result = new RunVersions();
            string model = request.Model.Model;
            ResolvedModel? Resolve(ModelRef? reference, string role)
            {
                if (reference == null) return null;
                if (!string.Equals(reference.Model, model, StringComparison.OrdinalIgnoreCase))
                    throw new ArgumentException($"ScoreTable cannot run: the {role} must be a version of {model} (an alias or :version), not of {reference.Model}.", nameof(request));
                var (_, version, _) = SqliteModelCatalog.Find(_connection, reference);
                var resolved = _catalog.Resolve(_connection, ModelRef.ForVersion(model, version));
                string text = ModelRef.ForVersion(resolved.Model, resolved.Version).ToString();
                result.References.Add((text, resolved));
                result.CommandText += $", {role} = '{reference}'";
                return resolved;
            }
            if (request.Split != null && !(request.SplitPercent > 0 && request.SplitPercent < 100))
                throw new ArgumentException($"ScoreTable cannot run: SplitPercent must be above 0 and below 100, not {request.SplitPercent.ToString(CultureInfo.InvariantCulture)}.", nameof(request));
            var shadow = Resolve(request.Shadow, "Shadow");
            var split = Resolve(request.Split, "Split");
            var fallback = Resolve(request.Fallback, "Fallback");
            if (split != null) result.CommandText += $":{request.SplitPercent.ToString(CultureInfo.InvariantCulture)}";
            void Add(string prefix, ResolvedModel? m)
            {
                if (m != null) result.Roles.Add((prefix, m));
                result.Parameters.Add(($"${prefix}ref", m == null ? null : ModelRef.ForVersion(m.Model, m.Version).ToString()));
                result.Parameters.Add(($"${prefix}vid", m?.ModelVersionId));
                result.Parameters.Add(($"${prefix}sha", m?.BlobSha256));
            }
            Add("s", shadow);
            Add("b", split);
            Add("f", fallback);
            result.Parameters.Add(("$pct", split == null ? 0 : SplitBucket.Threshold(request.SplitPercent)));
            result.Parameters.Add(("$salt", SplitBucket.SaltOf(model)));
            return result;
        }

        /// <inheritdoc />
        public ShadowComparison CompareShadow(long runId) => Guard(() =>
        {
            RequireSchema();
            var pairs = Query(_connection,
                "SELECT p.RowKey, p.PredictedLabel, p.Score, s.PredictedLabel, s.Score, p.ModelVersionId, s.ModelVersionId FROM PredictionLog AS p " +
                "JOIN PredictionLog AS s ON s.ScoringRunId = p.ScoringRunId AND s.RowKey = p.RowKey AND s.Role = 'Shadow' AND s.Status = 'Scored' " +
                "WHERE p.ScoringRunId = $run AND p.Role = 'Primary' AND p.Status = 'Scored' ORDER BY p.PredictionLogId",
                r => new ShadowPair(Str(r, 1), Dbl(r, 2), Str(r, 3), Dbl(r, 4), r.GetInt64(5), r.GetInt64(6)), ("$run", runId));
            var versions = Query(_connection,
                "SELECT DISTINCT p.Role, v.VersionNumber, m.ModelName FROM PredictionLog AS p JOIN ModelVersion AS v ON v.ModelVersionId = p.ModelVersionId " +
                "JOIN Model AS m ON m.ModelId = v.ModelId WHERE p.ScoringRunId = $run AND p.Status <> 'Refused'",
                r => (Role: r.GetString(0), Version: r.GetInt32(1), Model: r.GetString(2)), ("$run", runId));
            if (!versions.Any(v => v.Role == "Shadow"))
                throw new ArgumentException($"Run {runId} has no shadow predictions (score with a shadow version: ScoreTable Shadow, score-table --shadow).", nameof(runId));
            return ShadowComparison.Create(runId, versions.First().Model,
                versions.Where(v => v.Role == "Primary").Select(v => v.Version).Min(), versions.First(v => v.Role == "Shadow").Version, pairs);
        });
    }
}
