using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text.Json;
using Dapper;

namespace DbScoring.Store.SqlServer
{
    // Champion/challenger and fallback (docs/monitoring.md): ScoreTable's @Shadow, @Split and @Fallback, and the comparison.
    public sealed partial class SqlServerModelStore
    {
        /// <summary>Adds @Shadow, @Split and @Fallback as scoring.ScoreTable writes them: N'alias' or N':version' (@Split: then ':percent').</summary>
        private static void AddOtherVersions(ScoreTableRequest request, DynamicParameters parameters)
        {
            string? Reference(ModelRef? other, string role)
            {
                if (other == null) return null;
                if (!string.Equals(other.Model, request.Model.Model, StringComparison.OrdinalIgnoreCase))
                    throw new ArgumentException($"ScoreTable cannot run: the {role} must be a version of {request.Model.Model} (an alias or :version), not of {other.Model}.", nameof(request));
                return other.Version.HasValue ? ":" + other.Version.Value.ToString(CultureInfo.InvariantCulture) : other.Alias;
            }

            string? shadow = Reference(request.Shadow, "Shadow"), split = Reference(request.Split, "Split"), fallback = Reference(request.Fallback, "Fallback");
            if (shadow != null) parameters.Add("Shadow", shadow);
            if (split != null) parameters.Add("Split", split + ":" + request.SplitPercent.ToString("R", CultureInfo.InvariantCulture));
            if (fallback != null) parameters.Add("Fallback", fallback);
        }

        /// <inheritdoc />
        /// <remarks>Read from scoring.ShadowComparison, one row per run; its PSI is the runtime's (scoring.Private_ShadowScorePsi).</remarks>
        public ShadowComparison CompareShadow(long runId) => Guard(() =>
        {
            var row = Connection.Query<ComparisonRow>(Sql(
                "SELECT ModelName, PrimaryVersion, ShadowVersion, Rows, LabelAgreement = CONVERT(float, LabelAgreement), MeanAbsScoreDifference, " +
                "MaxAbsScoreDifference, ScorePsi, Confusion FROM scoring.ShadowComparison WHERE ScoringRunId = @runId", new { runId })).FirstOrDefault()
                ?? throw new ArgumentException($"Run {runId} has no shadow predictions (score with a shadow version: ScoreTable @Shadow, score-table --shadow).", nameof(runId));
            var confusion = new List<LabelPair>();
            if (row.Confusion != null)
            {
                using JsonDocument doc = JsonDocument.Parse(row.Confusion);
                foreach (JsonElement cell in doc.RootElement.EnumerateArray())
                    confusion.Add(new LabelPair(Text(cell, "primaryLabel"), Text(cell, "shadowLabel"), cell.GetProperty("rows").GetInt64()));
            }
            return new ShadowComparison
            {
                RunId = runId, Model = row.ModelName, PrimaryVersion = row.PrimaryVersion, ShadowVersion = row.ShadowVersion, Rows = row.Rows,
                LabelAgreement = row.LabelAgreement, MeanAbsScoreDifference = row.MeanAbsScoreDifference, MaxAbsScoreDifference = row.MaxAbsScoreDifference,
                ScorePsi = row.ScorePsi, Confusion = confusion,
            };
        });

        private static string? Text(JsonElement cell, string name) =>
            cell.TryGetProperty(name, out JsonElement value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

        private sealed class ComparisonRow
        {
            public string ModelName { get; set; } = "";
            public int PrimaryVersion { get; set; }
            public int ShadowVersion { get; set; }
            public long Rows { get; set; }
            public double? LabelAgreement { get; set; }
            public double? MeanAbsScoreDifference { get; set; }
            public double? MaxAbsScoreDifference { get; set; }
            public double? ScorePsi { get; set; }
            public string? Confusion { get; set; }
        }
    }
}
