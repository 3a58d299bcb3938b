using System;
using System.Collections.Generic;
using System.Data;
using System.IO;
using System.Linq;
using System.Security.Cryptography;
using System.Text.RegularExpressions;
using Dapper;
using DbScoring.Runtime;
using Microsoft.Data.SqlClient;

namespace DbScoring.Store.SqlServer
{
    /// <summary>
    /// The SQL Server backend: every registry and scoring action is a call to a scoring.* procedure
    /// (CommandType.StoredProcedure, explicit timeouts) and every read a scoring.* view or function. No registry logic
    /// is repeated here: the procedures validate, version, move aliases, score and log. Who did it is the server's
    /// ORIGINAL_LOGIN(), so the movedBy/registeredBy/runBy arguments are not sent.
    /// Connection strings are never echoed: <see cref="DisplayName"/> shows server and database only, and error
    /// texts pass through <see cref="ConnectionStringMask.Mask"/>.
    /// </summary>
    public sealed partial class SqlServerModelStore : IModelStore
    {
        private readonly string _connectionString;
        private readonly string? _installerScript;
        private SqlConnection? _connection;

        /// <summary>Creates the store; nothing is opened until the first call.</summary>
        /// <param name="connectionString">SQL Server connection string.</param>
        /// <param name="installerScript">Optional path of the generated one-file installer (sql/Install), run by <see cref="EnsureSchema"/>.</param>
        public SqlServerModelStore(string connectionString, string? installerScript = null)
        {
            if (string.IsNullOrWhiteSpace(connectionString)) throw new ArgumentException("Give a SQL Server connection string.", nameof(connectionString));
            _connectionString = connectionString;
            _installerScript = installerScript;
            DisplayName = ConnectionStringMask.Describe(connectionString);
        }

        /// <summary>Timeout of registry calls and audit queries, in seconds.</summary>
        public int CommandTimeoutSeconds { get; set; } = 60;

        /// <summary>Timeout of scoring.ScoreTable, in seconds (0 = none).</summary>
        public int ScoreTableTimeoutSeconds { get; set; } = 3600;

        /// <inheritdoc />
        public string Backend => "sqlserver";

        /// <inheritdoc />
        public string DisplayName { get; }

        private SqlConnection Connection
        {
            get
            {
                if (_connection != null) return _connection;
                var connection = new SqlConnection(_connectionString);
                try
                {
                    connection.Open();
                }
                catch (SqlException e)
                {
                    connection.Dispose();
                    throw new ModelStoreException($"Cannot connect to {DisplayName}: {ConnectionStringMask.Mask(e.Message)}", null);
                }
                return _connection = connection;
            }
        }

        /// <inheritdoc />
        public void Dispose() => _connection?.Dispose();

        private T Guard<T>(Func<T> action)
        {
            try
            {
                return action();
            }
            catch (SqlException e) when (IsValidationError(e))
            {
                throw new ArgumentException(ConnectionStringMask.Mask(e.Message));
            }
            catch (SqlException e) when (e.Number is 229 or 230)
            {
                throw new ModelStoreException($"{DisplayName}: this login's DbScoring role may not do that (SQL Server error {e.Number}: {ConnectionStringMask.Mask(e.Message)}). " +
                                              "Which role may do what: docs/operations.md, Permissions.", null);
            }
            catch (SqlException e)
            {
                throw new ModelStoreException($"{DisplayName}: SQL Server error {e.Number}: {ConnectionStringMask.Mask(e.Message)}", null);
            }
        }

        /// <summary>
        /// True for DbScoring's parameter validation: each problem is raised on its own (50000) and a final 50001 ends the call,
        /// so the message lists every problem; the first error's number is not 50001.
        /// </summary>
        private static bool IsValidationError(SqlException e)
        {
            foreach (SqlError error in e.Errors)
            {
                if (error.Number == 50001) return true;
            }
            return false;
        }

        private CommandDefinition Proc(string name, object parameters, int? timeout = null) =>
            new CommandDefinition(name, parameters, commandType: CommandType.StoredProcedure, commandTimeout: timeout ?? CommandTimeoutSeconds);

        private CommandDefinition Sql(string sql, object? parameters = null) =>
            new CommandDefinition(sql, parameters, commandTimeout: CommandTimeoutSeconds);

        /// <summary>
        /// <paramref name="values"/> plus a time sent as datetime2: Dapper sends a DateTime as datetime, rounded to 1/300 s,
        /// which puts a time within about 2 ms of an alias move or a setting on the wrong side of it.
        /// </summary>
        private static DynamicParameters WithTime(object values, string name, DateTime? time)
        {
            var parameters = new DynamicParameters(values);
            parameters.Add(name, time, DbType.DateTime2);
            return parameters;
        }

        // ---------------------------------------------------------------- schema

        /// <inheritdoc />
        public int GetSchemaVersion() => Guard(() =>
            Connection.ExecuteScalar<int?>(Sql("SELECT CASE WHEN OBJECT_ID(N'scoring.Version', N'FN') IS NULL THEN 0 ELSE 1 END")) ?? 0);

        /// <inheritdoc />
        public SchemaStatus EnsureSchema() => Guard(() =>
        {
            int before = GetSchemaVersion();
            if (_installerScript == null)
            {
                if (before == 0)
                    throw new ModelStoreException($"{DisplayName} has no scoring schema. Run the generated installer (sql/Install) as a DBA, or pass its path to SqlServerModelStore.");
                return new SchemaStatus { VersionBefore = before, VersionAfter = before, CodeVersion = 1, Description = "The scoring schema is installed (" + InstalledVersion() + "); no installer given, nothing changed." };
            }
            // The installer says what it kept, upgraded or refused with PRINT (each problem with its remedy, the trust command
            // to run); SqlClient hands those lines only to InfoMessage, and without them a failure reads "see the messages above".
            var printed = new List<string>();
            SqlInfoMessageEventHandler collect = (_, e) => printed.Add(e.Message);
            Connection.InfoMessage += collect;
            try
            {
                // No client timeout, as sqlcmd: an upgrade of a large log must not be cut off inside its transaction.
                foreach (string batch in SplitBatches(File.ReadAllText(_installerScript)))
                    Connection.Execute(new CommandDefinition(batch, commandTimeout: 0));
            }
            catch (Exception e)
            {
                // A failed installer batch leaves SET NOEXEC ON (and maybe an open transaction) on this connection, which
                // would make every later command of this store silently do nothing.
                Connection.Execute(new CommandDefinition("SET NOEXEC OFF; IF @@TRANCOUNT > 0 ROLLBACK TRANSACTION;", commandTimeout: CommandTimeoutSeconds));
                if (e is not SqlException error) throw;
                throw new ModelStoreException($"{DisplayName}: the installer stopped with SQL Server error {error.Number}: {ConnectionStringMask.Mask(error.Message)}"
                                              + (printed.Count == 0 ? "" : Environment.NewLine + "It printed:" + Environment.NewLine + string.Join(Environment.NewLine, printed)), null);
            }
            finally
            {
                Connection.InfoMessage -= collect;
            }

            return new SchemaStatus
            {
                VersionBefore = before, VersionAfter = GetSchemaVersion(), CodeVersion = 1,
                Description = "Ran the installer; scoring.Version() = " + InstalledVersion() + ".", Messages = printed,
            };
        });

        private string InstalledVersion() => Connection.ExecuteScalar<string>(Sql("SELECT scoring.Version()")) ?? "?";

        /// <summary>Splits a script on lines holding only GO (sqlcmd's batch separator).</summary>
        internal static IEnumerable<string> SplitBatches(string script) =>
            Regex.Split(script, @"^\s*GO\s*;?\s*$", RegexOptions.Multiline | RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)
                 .Where(b => !string.IsNullOrWhiteSpace(b));

        // ---------------------------------------------------------------- registry

        /// <inheritdoc />
        public RegisterResult RegisterVersion(RegisterRequest request) => Guard(() =>
        {
            if (request == null) throw new ArgumentNullException(nameof(request));
            byte[]? sourceSha = request.SourceArtifactSha256 == null ? null : Convert.FromHexString(request.SourceArtifactSha256.Trim());
            var row = Connection.QuerySingle<AddResult>(Proc("scoring.AddModelVersion", new
            {
                Model = request.Model, Blob = request.Blob, SourceArtifactName = request.SourceArtifactName,
                SourceArtifactSha256 = sourceSha, Notes = request.Notes, Execute = "Y",
            }));
            return new RegisterResult
            {
                Model = request.Model, Version = row.VersionNumber, ModelVersionId = row.ModelVersionId, IsNew = row.IsNew,
                BlobSha256 = Convert.ToHexStringLower(SHA256.HashData(request.Blob)),
            };
        });

        /// <inheritdoc />
        public IReadOnlyList<ModelSummary> ListModels() => Guard(() =>
            (IReadOnlyList<ModelSummary>)Connection.Query<ModelRow>(Sql("SELECT ModelName, LatestVersion, VersionCount, Aliases, CreatedBy, CreatedAt FROM scoring.Models ORDER BY ModelName"))
                .Select(r => new ModelSummary { Model = r.ModelName, LatestVersion = r.LatestVersion ?? 0, VersionCount = r.VersionCount, Aliases = r.Aliases ?? "", CreatedBy = r.CreatedBy, CreatedAt = Utc(r.CreatedAt) })
                .ToList());

        private const string VersionSelect =
            "SELECT ModelName, VersionNumber, ModelVersionId, BlobBytes, BlobSha256, ContentHash, FormatVersion, PredictionKindName, Algorithm, InputSchema, " +
            "SourceArtifactName, SourceArtifactSha256, Notes, RegisteredBy, RegisteredAt FROM scoring.ModelVersions";

        /// <inheritdoc />
        public IReadOnlyList<ModelVersionInfo> ListVersions(string model) => Guard(() =>
            (IReadOnlyList<ModelVersionInfo>)Connection.Query<VersionRow>(Sql(VersionSelect + " WHERE ModelName = @model ORDER BY VersionNumber", new { model }))
                .Select(r => r.ToInfo(null)).ToList());

        /// <inheritdoc />
        public ModelVersionInfo GetVersion(ModelRef reference) => Guard(() =>
        {
            if (reference == null) throw new ArgumentNullException(nameof(reference));
            int number = ResolveNumber(reference);
            return Connection.QuerySingle<VersionRow>(Sql(VersionSelect + " WHERE ModelName = @model AND VersionNumber = @number", new { model = reference.Model, number }))
                .ToInfo(reference.Alias);
        });

        private int ResolveNumber(ModelRef reference)
        {
            int? number = reference.Version ?? Connection.ExecuteScalar<int?>(Sql(
                "SELECT VersionNumber FROM scoring.Aliases WHERE ModelName = @model AND AliasName = @alias",
                new { model = reference.Model, alias = reference.Alias }));
            if (number == null)
                throw new ArgumentException($"Model '{reference.Model}' has no alias '{reference.Alias}' in {DisplayName}.", nameof(reference));
            bool exists = Connection.ExecuteScalar<int>(Sql("SELECT COUNT(*) FROM scoring.ModelVersions WHERE ModelName = @model AND VersionNumber = @number",
                new { model = reference.Model, number })) > 0;
            if (!exists) throw new ArgumentException($"Model '{reference.Model}' has no version {number} in {DisplayName}.", nameof(reference));
            return number.Value;
        }

        /// <inheritdoc />
        public byte[] GetBlob(ModelRef reference) => Guard(() =>
        {
            if (reference == null) throw new ArgumentNullException(nameof(reference));
            int number = ResolveNumber(reference);
            // Through the procedure publishers and auditors may run (no right on scoring.ModelVersion is needed).
            var row = Connection.QuerySingle<BlobRow>(Proc("scoring.ExportModelVersion", new { Model = reference.Model, Version = number, Execute = "Y" }));
            string actual = Convert.ToHexStringLower(SHA256.HashData(row.ModelBlob));
            string recorded = Convert.ToHexStringLower(row.BlobSha256);
            if (actual != recorded)
                throw new BlobIntegrityException($"The stored blob of model '{reference.Model}' version {number} in {DisplayName} has SHA-256 {actual}, but {recorded} was recorded: it was altered and will not be scored.");
            try { ScoringModel.Load(row.ModelBlob); }
            catch (ModelFormatException e) { throw new BlobIntegrityException($"The stored blob of model '{reference.Model}' version {number} cannot be loaded: {e.Message}", e); }
            return row.ModelBlob;
        });

        // ---------------------------------------------------------------- aliases

        /// <inheritdoc />
        public AliasMove SetAlias(string model, string alias, int version, string? movedBy = null, string? reason = null) => Guard(() =>
        {
            var before = CurrentMoveCount(model, alias);
            Connection.Execute(Proc("scoring.SetAlias", new { Model = model, Alias = alias, Version = version, Reason = reason, Execute = "Y" }));
            return LastMove(model, alias, CurrentMoveCount(model, alias) != before);
        });

        /// <inheritdoc />
        public AliasMove Rollback(string model, string alias, string? movedBy = null, string? reason = null) => Guard(() =>
        {
            var before = CurrentMoveCount(model, alias);
            Connection.Execute(Proc("scoring.RollbackAlias", new { Model = model, Alias = alias, Reason = reason, Execute = "Y" }));
            return LastMove(model, alias, CurrentMoveCount(model, alias) != before);
        });

        private int CurrentMoveCount(string model, string alias) =>
            Connection.ExecuteScalar<int>(Sql("SELECT COUNT(*) FROM scoring.AliasHistory WHERE ModelName = @model AND AliasName = @alias", new { model, alias }));

        private AliasMove LastMove(string model, string alias, bool moved)
        {
            var all = AliasHistory(model, alias);
            var last = all[all.Count - 1];
            return new AliasMove
            {
                Model = last.Model, Alias = last.Alias, FromVersion = last.FromVersion, ToVersion = last.ToVersion, ToModelVersionId = last.ToModelVersionId,
                MovedBy = last.MovedBy, MovedAt = last.MovedAt, Reason = last.Reason, Moved = moved,
            };
        }

        /// <inheritdoc />
        public IReadOnlyList<AliasMove> AliasHistory(string model, string? alias = null) => Guard(() =>
        {
            var rows = Connection.Query<AliasRow>(Sql(
                "SELECT ModelName, AliasName, VersionNumber, ModelVersionId, MovedBy, MovedAt, MoveReason FROM scoring.AliasHistory " +
                "WHERE ModelName = @model AND (@alias IS NULL OR AliasName = @alias) ORDER BY AliasName, MovedAt", new { model, alias })).ToList();
            var moves = new List<AliasMove>();
            for (int i = 0; i < rows.Count; i++)
            {
                var r = rows[i];
                int? from = i > 0 && rows[i - 1].AliasName == r.AliasName ? rows[i - 1].VersionNumber : null;
                moves.Add(new AliasMove
                {
                    Model = r.ModelName, Alias = r.AliasName, FromVersion = from, ToVersion = r.VersionNumber, ToModelVersionId = r.ModelVersionId,
                    MovedBy = r.MovedBy, MovedAt = Utc(r.MovedAt), Reason = r.MoveReason,
                });
            }
            return (IReadOnlyList<AliasMove>)moves.OrderBy(m => m.MovedAt).ToList();
        });

        /// <inheritdoc />
        public IReadOnlyList<AliasPointer> AliasesAsOf(DateTime asOfUtc, string? model = null) => Guard(() =>
            (IReadOnlyList<AliasPointer>)Connection.Query<PointerRow>(Sql(
                "SELECT ModelName, AliasName, VersionNumber, ModelVersionId, BlobSha256, MovedBy, MovedAt FROM scoring.AliasesAsOf(@asOf) " +
                "WHERE (@model IS NULL OR ModelName = @model) ORDER BY ModelName, AliasName", WithTime(new { model }, "asOf", asOfUtc.ToUniversalTime())))
                .Select(r => new AliasPointer
                {
                    Model = r.ModelName, Alias = r.AliasName, Version = r.VersionNumber, ModelVersionId = r.ModelVersionId,
                    BlobSha256 = Convert.ToHexStringLower(r.BlobSha256), MovedBy = r.MovedBy, MovedAt = Utc(r.MovedAt),
                }).ToList());

        // ---------------------------------------------------------------- scoring and audit

        /// <summary>
        /// Calls scoring.ScoreTable. <see cref="ScoreTableRequest.Progress"/> is not called (the procedure runs server-side).
        /// The run is the one the procedure returns in @ScoringRunId; when it fails (no output value comes back), the run
        /// of this session newer than the newest run before the call — a pooled connection reuses a session id, so the
        /// session's latest run alone may be another caller's.
        /// </summary>
        public ScoringRunInfo ScoreTable(ScoreTableRequest request) => Guard(() =>
        {
            if (request == null) throw new ArgumentNullException(nameof(request));
            var parameters = new DynamicParameters();
            parameters.Add("Model", request.Model.Model);
            if (request.Model.Version.HasValue) parameters.Add("Version", request.Model.Version.Value);
            else parameters.Add("Alias", request.Model.Alias);
            parameters.Add("Source", request.Source);
            parameters.Add("KeyColumns", string.Join(",", request.KeyColumns));
            parameters.Add("Target", request.Target);
            parameters.Add("BatchSize", request.BatchSize);
            parameters.Add("LogInputs", request.LogInputs ? "Y" : "N");
            if (request.Explain != 0) parameters.Add("Explain", request.Explain); // older schemas have no @Explain: pass it only when asked
            AddOtherVersions(request, parameters);
            parameters.Add("Execute", "Y");
            parameters.Add("ScoringRunId", dbType: DbType.Int64, direction: ParameterDirection.Output);
            long newestBefore = Connection.ExecuteScalar<long?>(Sql("SELECT MAX(ScoringRunId) FROM scoring.Runs")) ?? 0;
            try
            {
                Connection.Execute(Proc("scoring.ScoreTable", parameters, ScoreTableTimeoutSeconds));
            }
            catch (SqlException e) when (e.Number is 50025 or 50026)
            {
                // A key too long for the log or not unique: bad input, nothing scored, as the embedded store reports it.
                throw new ArgumentException(ConnectionStringMask.Mask(e.Message));
            }
            catch (SqlException e) when (!IsValidationError(e) && e.Number is not (229 or 230))
            {
                var failed = RunOfThisCall(newestBefore);
                if (failed != null) throw new ScoringRunFailedException(failed.RunId, $"Scoring run {failed.RunId} failed: {ConnectionStringMask.Mask(e.Message)}", null);
                throw;
            }
            long runId = parameters.Get<long?>("ScoringRunId")
                ?? throw new ModelStoreException("scoring.ScoreTable returned without a run id (@ScoringRunId): is the installed schema older than this DbScoring? Run the installer.");
            return Run(runId) ?? throw new ModelStoreException($"scoring.ScoreTable returned run {runId}, but scoring.Runs has no such row.");
        });

        private const string RunSelect =
            "SELECT ScoringRunId, ModelName, VersionNumber, ModelVersionId, AliasName, BlobSha256, SourceName, TargetName, KeyColumns, Status, StartedAt, EndedAt, " +
            "RowsScored, RowsByFallback, RowsRefused, RowsSkipped, BatchCount, DurationMs, RowsPerSecond, ErrorMessage, LoginName, Command, AbandonedBy, " +
            "DriftLevel, DriftInputs FROM scoring.Runs";

        private ScoringRunInfo? Run(long runId) =>
            Connection.Query<RunRow>(Sql(RunSelect + " WHERE ScoringRunId = @runId", new { runId })).Select(r => r.ToInfo()).FirstOrDefault();

        /// <summary>The run this session started after <paramref name="newestBefore"/> (only this call can have made one).</summary>
        private ScoringRunInfo? RunOfThisCall(long newestBefore) =>
            Connection.Query<RunRow>(Sql(RunSelect + " WHERE SessionId = @@SPID AND ScoringRunId > @newestBefore ORDER BY ScoringRunId", new { newestBefore }))
                .Select(r => r.ToInfo()).FirstOrDefault();

        /// <inheritdoc />
        public IReadOnlyList<InputStatistics> InputStatistics(long runId) => Guard(() =>
            (IReadOnlyList<InputStatistics>)Connection.Query<InputStatistics>(Sql(
                "SELECT InputName, Rows = CONVERT(bigint, RowsScored), Missing = CONVERT(bigint, MissingValues), UnseenCategories = CONVERT(bigint, UnseenCategories), " +
                "BelowRange = CONVERT(bigint, BelowRange), AboveRange = CONVERT(bigint, AboveRange) " +
                "FROM scoring.RunInputStatistics WHERE ScoringRunId = @runId ORDER BY InputIndex", new { runId })).ToList());


        /// <inheritdoc />
        public IReadOnlyList<ScoringRunInfo> ListRuns(string? model = null, int limit = 100) => Guard(() =>
            (IReadOnlyList<ScoringRunInfo>)Connection.Query<RunRow>(Sql(RunSelect.Replace("SELECT ", "SELECT TOP (@limit) ", StringComparison.Ordinal) +
                " WHERE (@model IS NULL OR ModelName = @model) ORDER BY ScoringRunId DESC", new { model, limit }))
                .Select(r => r.ToInfo()).ToList());

        /// <inheritdoc />
        public IReadOnlyList<PredictionRecord> PredictionsForKey(string rowKey, string? model = null) => Guard(() =>
            (IReadOnlyList<PredictionRecord>)Connection.Query<PredictionRow>(Sql(
                "SELECT PredictionLogId, ScoringRunId, RowKey, ModelName, VersionNumber, ModelVersionId, BlobSha256, InputsSha256, InputsJson, " +
                "PredictedLabel, PredictedClass, Score, Probability, PredictedAt, Explanation FROM scoring.PredictionAudit " +
                "WHERE RowKey = @rowKey AND RowKey COLLATE Latin1_General_100_BIN2 = @rowKey COLLATE Latin1_General_100_BIN2 AND (@model IS NULL OR ModelName = @model) ORDER BY PredictionLogId", new { rowKey, model }))
                .Select(r => new PredictionRecord
                {
                    PredictionLogId = r.PredictionLogId, RunId = r.ScoringRunId, RowKey = r.RowKey, Model = r.ModelName, Version = r.VersionNumber,
                    ModelVersionId = r.ModelVersionId, BlobSha256 = Convert.ToHexStringLower(r.BlobSha256), InputsSha256 = Convert.ToHexStringLower(r.InputsSha256),
                    InputsJson = r.InputsJson, PredictedLabel = r.PredictedLabel, PredictedClass = r.PredictedClass, Score = r.Score, Probability = r.Probability,
                    PredictedAt = Utc(r.PredictedAt), ExplanationJson = r.Explanation,
                }).ToList());

        private static DateTime Utc(DateTime t) => DateTime.SpecifyKind(t, DateTimeKind.Utc);

#pragma warning disable CS8618, CA1812 // Dapper row types: set by Dapper
        private sealed class AddResult { public int ModelVersionId { get; set; } public int VersionNumber { get; set; } public bool IsNew { get; set; } }
        private sealed class ModelRow { public string ModelName { get; set; } public int? LatestVersion { get; set; } public int VersionCount { get; set; } public string? Aliases { get; set; } public string CreatedBy { get; set; } public DateTime CreatedAt { get; set; } }
        private sealed class BlobRow { public byte[] ModelBlob { get; set; } public byte[] BlobSha256 { get; set; } }
        private sealed class AliasRow { public string ModelName { get; set; } public string AliasName { get; set; } public int VersionNumber { get; set; } public int ModelVersionId { get; set; } public string MovedBy { get; set; } public DateTime MovedAt { get; set; } public string? MoveReason { get; set; } }
        private sealed class PointerRow { public string ModelName { get; set; } public string AliasName { get; set; } public int VersionNumber { get; set; } public int ModelVersionId { get; set; } public byte[] BlobSha256 { get; set; } public string MovedBy { get; set; } public DateTime MovedAt { get; set; } }
        private sealed class PredictionRow
        {
            public long PredictionLogId { get; set; } public long ScoringRunId { get; set; } public string RowKey { get; set; } public string ModelName { get; set; }
            public int VersionNumber { get; set; } public int ModelVersionId { get; set; } public byte[] BlobSha256 { get; set; } public byte[] InputsSha256 { get; set; }
            public string? InputsJson { get; set; } public string? PredictedLabel { get; set; } public int? PredictedClass { get; set; } public float? Score { get; set; }
            public float? Probability { get; set; } public DateTime PredictedAt { get; set; } public string? Explanation { get; set; }
        }
        private sealed class VersionRow
        {
            public string ModelName { get; set; } public int VersionNumber { get; set; } public int ModelVersionId { get; set; } public long BlobBytes { get; set; }
            public byte[] BlobSha256 { get; set; } public string ContentHash { get; set; } public string FormatVersion { get; set; } public string PredictionKindName { get; set; }
            public string? Algorithm { get; set; } public string? InputSchema { get; set; } public string? SourceArtifactName { get; set; } public byte[]? SourceArtifactSha256 { get; set; }
            public string? Notes { get; set; } public string RegisteredBy { get; set; } public DateTime RegisteredAt { get; set; }

            public ModelVersionInfo ToInfo(string? alias) => new ModelVersionInfo
            {
                Model = ModelName, Version = VersionNumber, ModelVersionId = ModelVersionId, BlobBytes = BlobBytes, BlobSha256 = Convert.ToHexStringLower(BlobSha256),
                ContentHash = ContentHash, FormatVersion = FormatVersion, PredictionKind = PredictionKindName, Algorithm = Algorithm, SchemaJson = InputSchema,
                SourceArtifactName = SourceArtifactName, SourceArtifactSha256 = SourceArtifactSha256 == null ? null : Convert.ToHexStringLower(SourceArtifactSha256),
                Notes = Notes, RegisteredBy = RegisteredBy, RegisteredAt = Utc(RegisteredAt), ResolvedAlias = alias,
            };
        }
        private sealed class RunRow
        {
            public long ScoringRunId { get; set; } public string? ModelName { get; set; } public int? VersionNumber { get; set; } public int? ModelVersionId { get; set; }
            public string? AliasName { get; set; } public byte[]? BlobSha256 { get; set; } public string? SourceName { get; set; } public string? TargetName { get; set; }
            public string? KeyColumns { get; set; } public string Status { get; set; } public DateTime StartedAt { get; set; } public DateTime? EndedAt { get; set; }
            public long? RowsScored { get; set; } public long? RowsByFallback { get; set; } public long? RowsRefused { get; set; } public long? RowsSkipped { get; set; } public int? BatchCount { get; set; } public long? DurationMs { get; set; }
            public decimal? RowsPerSecond { get; set; } public string? ErrorMessage { get; set; } public string? LoginName { get; set; } public string? Command { get; set; }
            public string? AbandonedBy { get; set; } public string? DriftLevel { get; set; } public string? DriftInputs { get; set; }

            public ScoringRunInfo ToInfo() => new ScoringRunInfo
            {
                RunId = ScoringRunId, Model = ModelName, Version = VersionNumber, ModelVersionId = ModelVersionId, Alias = AliasName,
                BlobSha256 = BlobSha256 == null ? null : Convert.ToHexStringLower(BlobSha256), Source = SourceName, Target = TargetName, KeyColumns = KeyColumns,
                Status = Status, StartedAt = Utc(StartedAt), EndedAt = EndedAt.HasValue ? Utc(EndedAt.Value) : null, RowsScored = RowsScored,
                RowsByFallback = RowsByFallback, RowsRefused = RowsRefused, RowsSkipped = RowsSkipped,
                Batches = BatchCount, DurationMs = DurationMs, RowsPerSecond = (double?)RowsPerSecond, Error = ErrorMessage, RunBy = LoginName, Command = Command ?? "",
                AbandonedBy = AbandonedBy, DriftLevel = DriftLevel, DriftInputs = DriftInputs,
            };
        }
#pragma warning restore CS8618, CA1812
    }
}
