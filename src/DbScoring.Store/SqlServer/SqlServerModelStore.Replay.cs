using System;
using System.Linq;
using Dapper;

namespace DbScoring.Store.SqlServer
{
    /// <summary>Replay through scoring.ReplayPrediction (ScoringAuditor): the server scores the logged inputs again with the logged bytes.</summary>
    public sealed partial class SqlServerModelStore
    {
        /// <inheritdoc />
        public ReplayResult? ReplayPrediction(long runId, string rowKey)
        {
            if (rowKey == null) throw new ArgumentNullException(nameof(rowKey));
            try
            {
                return Guard(() =>
                {
                    bool logged = Connection.ExecuteScalar<int>(Sql(
                        "SELECT COUNT(*) FROM scoring.PredictionAudit WHERE ScoringRunId = @runId AND RowKey = @rowKey AND RowKey COLLATE Latin1_General_100_BIN2 = @rowKey COLLATE Latin1_General_100_BIN2", new { runId, rowKey })) > 0;
                    if (!logged) return null;
                    var r = Connection.QuerySingle<ReplayRow>(Proc("scoring.ReplayPrediction", new { ScoringRunId = runId, RowKey = rowKey }));
                    return new ReplayResult
                    {
                        RunId = runId, RowKey = rowKey, PredictionLogId = r.PredictionLogId, Model = r.ModelName, Version = r.VersionNumber,
                        BlobSha256 = Convert.ToHexStringLower(r.BlobSha256), InputsLogged = r.InputsLogged, InputsJson = r.InputsJson,
                        Logged = new ReplayOutputs
                        {
                            Status = r.LoggedStatus, Reason = r.LoggedReason,
                            PredictedLabel = r.LoggedLabel, PredictedClass = r.LoggedClass, Score = r.LoggedScore, Probability = r.LoggedProbability,
                        },
                        Replayed = r.InputsLogged
                            ? new ReplayOutputs
                            {
                                Status = r.ReplayedStatus!, Reason = r.ReplayedReason,
                                PredictedLabel = r.ReplayedLabel, PredictedClass = r.ReplayedClass, Score = r.ReplayedScore, Probability = r.ReplayedProbability,
                            }
                            : null,
                        Differences = (r.Differences ?? "").Split('\n', StringSplitOptions.RemoveEmptyEntries).ToList(),
                    };
                });
            }
            catch (ModelStoreException e) when (e.Message.Contains("error 50070", StringComparison.Ordinal))
            {
                throw new BlobIntegrityException(e.Message, e);
            }
        }

#pragma warning disable CS8618, CA1812 // Dapper row type: set by Dapper
        private sealed class ReplayRow
        {
            public long PredictionLogId { get; set; } public string ModelName { get; set; } public int VersionNumber { get; set; } public byte[] BlobSha256 { get; set; }
            public bool InputsLogged { get; set; } public string? InputsJson { get; set; }
            public string? LoggedLabel { get; set; } public string? ReplayedLabel { get; set; } public int? LoggedClass { get; set; } public int? ReplayedClass { get; set; }
            public float? LoggedScore { get; set; } public float? ReplayedScore { get; set; } public float? LoggedProbability { get; set; } public float? ReplayedProbability { get; set; }
            public bool Identical { get; set; } public string? Differences { get; set; }
            public string LoggedStatus { get; set; } public string? ReplayedStatus { get; set; } public string? LoggedReason { get; set; } public string? ReplayedReason { get; set; }
        }
#pragma warning restore CS8618, CA1812
    }
}
