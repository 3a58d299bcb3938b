using System;
using System.Collections.Generic;
using System.Data;
using System.Linq;
using Dapper;

namespace DbScoring.Store.SqlServer
{
    /// <summary>Retention through scoring.SetRetention / scoring.PurgePredictionLog and the views RetentionPolicies, Purges, PurgedBatches (ScoringAdmin; reads also ScoringAuditor).</summary>
    public sealed partial class SqlServerModelStore
    {
        /// <summary>Timeout of scoring.PurgePredictionLog, in seconds (0 = none).</summary>
        public int PurgeTimeoutSeconds { get; set; } = 3600;

        /// <inheritdoc />
        public RetentionPolicy SetRetention(string model, int? keepDays, string? setBy = null, string? reason = null) => Guard(() =>
        {
            Connection.Execute(Proc("scoring.SetRetention", new { Model = model, KeepDays = keepDays, Reason = reason, Execute = "Y" }));
            return RetentionPolicies(model)[0];
        });

        /// <inheritdoc />
        public IReadOnlyList<RetentionPolicy> RetentionPolicies(string? model = null) => Guard(() =>
            (IReadOnlyList<RetentionPolicy>)Connection.Query<PolicyRow>(Sql(
                "SELECT ModelName, KeepDays, Cutoff, SetBy, SetAt, Reason FROM scoring.RetentionPolicies WHERE (@model IS NULL OR ModelName = @model) ORDER BY ModelName",
                new { model }))
                .Select(r => new RetentionPolicy
                {
                    Model = r.ModelName, KeepDays = r.KeepDays, Cutoff = r.Cutoff.HasValue ? Utc(r.Cutoff.Value) : null, SetBy = r.SetBy,
                    SetAt = r.SetAt.HasValue ? Utc(r.SetAt.Value) : null, Reason = r.Reason,
                }).ToList());

        /// <inheritdoc />
        public PurgeResult PurgePredictionLog(PurgeRequest request) => Guard(() =>
        {
            if (request == null) throw new ArgumentNullException(nameof(request));
            var candidates = Connection.Query<CandidateRow>(Proc("scoring.PurgePredictionLog",
                    new { Model = request.Model, BatchSize = request.BatchSize, Execute = "N" }))
                .Select(r => new PurgeCandidate
                {
                    Model = r.ModelName, KeepDays = r.KeepDays, Cutoff = Utc(r.Cutoff), RunId = r.ScoringRunId, EndedAt = Utc(r.EndedAt), RowsLeft = r.RowsLeft,
                }).ToList();
            if (!request.Execute)
                return new PurgeResult { Executed = false, Runs = candidates.Count, RowsRemoved = candidates.Sum(c => c.RowsLeft), Candidates = candidates };

            var parameters = new DynamicParameters(new { Model = request.Model, BatchSize = request.BatchSize, Execute = "Y" });
            parameters.Add("PurgeId", dbType: DbType.Int64, direction: ParameterDirection.Output);
            parameters.Add("RowsRemoved", dbType: DbType.Int64, direction: ParameterDirection.Output);
            Connection.Execute(Proc("scoring.PurgePredictionLog", parameters, PurgeTimeoutSeconds));
            long removed = parameters.Get<long?>("RowsRemoved") ?? 0;
            long? purgeId = removed > 0 ? parameters.Get<long?>("PurgeId") : null;
            var (runs, batches) = purgeId.HasValue
                ? Connection.QuerySingle<(int, int)>(Sql("SELECT RunCount, Batches FROM scoring.Purges WHERE PurgeId = @purgeId", new { purgeId }))
                : (0, 0);
            return new PurgeResult { PurgeId = purgeId, Executed = true, Runs = runs, RowsRemoved = removed, Batches = batches, Candidates = candidates };
        });

        /// <inheritdoc />
        public IReadOnlyList<RetentionLogEntry> RetentionLog(long? purgeId = null, string? model = null, int limit = 1000) => Guard(() =>
            (IReadOnlyList<RetentionLogEntry>)Connection.Query<LogRow>(Sql(
                "SELECT TOP (@limit) RetentionLogId, PurgeId, ModelName, ScoringRunId, BatchNumber, KeepDays, Cutoff, RowsRemoved, " +
                "FirstPredictionLogId, LastPredictionLogId, Digest, PurgedBy, PurgedAt FROM scoring.PurgedBatches " +
                "WHERE (@purgeId IS NULL OR PurgeId = @purgeId) AND (@model IS NULL OR ModelName = @model) ORDER BY RetentionLogId DESC",
                new { purgeId, model, limit }))
                .Select(r => new RetentionLogEntry
                {
                    RetentionLogId = r.RetentionLogId, PurgeId = r.PurgeId, Model = r.ModelName, RunId = r.ScoringRunId, BatchNumber = r.BatchNumber,
                    KeepDays = r.KeepDays, Cutoff = Utc(r.Cutoff), RowsRemoved = r.RowsRemoved, FirstPredictionLogId = r.FirstPredictionLogId,
                    LastPredictionLogId = r.LastPredictionLogId, Digest = Convert.ToHexStringLower(r.Digest), PurgedBy = r.PurgedBy, PurgedAt = Utc(r.PurgedAt),
                }).ToList());

#pragma warning disable CS8618, CA1812 // Dapper row types: set by Dapper
        private sealed class PolicyRow { public string ModelName { get; set; } public int? KeepDays { get; set; } public DateTime? Cutoff { get; set; } public string? SetBy { get; set; } public DateTime? SetAt { get; set; } public string? Reason { get; set; } }
        private sealed class CandidateRow { public string ModelName { get; set; } public int KeepDays { get; set; } public DateTime Cutoff { get; set; } public long ScoringRunId { get; set; } public DateTime EndedAt { get; set; } public long RowsLeft { get; set; } }
        private sealed class LogRow
        {
            public long RetentionLogId { get; set; } public long PurgeId { get; set; } public string ModelName { get; set; } public long ScoringRunId { get; set; }
            public int BatchNumber { get; set; } public int KeepDays { get; set; } public DateTime Cutoff { get; set; } public long RowsRemoved { get; set; }
            public long FirstPredictionLogId { get; set; } public long LastPredictionLogId { get; set; } public byte[] Digest { get; set; } public string PurgedBy { get; set; }
            public DateTime PurgedAt { get; set; }
        }
#pragma warning restore CS8618, CA1812
    }
}
