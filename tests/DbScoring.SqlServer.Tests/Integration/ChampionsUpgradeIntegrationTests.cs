using System;
using System.Linq;
using Microsoft.Data.SqlClient;
using DbScoring.Testing;
using Xunit;
using static DbScoring.Testing.SqlServerFixture;

namespace DbScoring.SqlServer.Tests.Integration;

/// <summary>
/// A database installed before per-row status (PredictionLog without Role/Arm/Status/Reason, RetentionLog without
/// DigestVersion) is upgraded in place by the installer: every row kept, the older rows read as scored primary predictions
/// and their purge digests as line format 1 — also when PredictionLog is an append-only ledger table — and a second run of
/// the installer changes nothing. Skipped (with the reason) where no server is reachable.
/// </summary>
[Collection(SqlServerCollection.Name)]
public class ChampionsUpgradeIntegrationTests
{
    /// <summary>The two tables as the installer created them before this upgrade, with two logged predictions and one purge record.</summary>
    private static string OldTables(bool ledger) => @"
        CREATE SCHEMA scoring;
        GO
        CREATE TABLE scoring.PredictionLog
        (
            PredictionLogId bigint IDENTITY(1, 1) NOT NULL, ScoringRunId bigint NOT NULL, RowKey nvarchar(450) NOT NULL, ModelVersionId int NOT NULL,
            BlobSha256 binary(32) NOT NULL, InputsSha256 binary(32) NOT NULL, Inputs varbinary(8000) NULL, PredictedClass int NULL,
            PredictedLabel nvarchar(400) NULL, Score real NULL, Probability real NULL,
            PredictedAt datetime2(3) NOT NULL CONSTRAINT DF_PredictionLog_PredictedAt DEFAULT (SYSUTCDATETIME()), Explanation nvarchar(max) NULL,
            CONSTRAINT PK_PredictionLog PRIMARY KEY NONCLUSTERED (PredictionLogId),
            INDEX CX_PredictionLog_Run UNIQUE CLUSTERED (ScoringRunId, PredictionLogId),
            INDEX IX_PredictionLog_RowKey NONCLUSTERED (RowKey, PredictedAt)
        )" + (ledger ? " WITH (LEDGER = ON (APPEND_ONLY = ON))" : "") + @";
        CREATE TABLE scoring.RetentionLog
        (
            RetentionLogId bigint IDENTITY(1, 1) NOT NULL, PurgeId bigint NOT NULL, ModelId int NOT NULL, ScoringRunId bigint NOT NULL, BatchNumber int NOT NULL,
            KeepDays int NOT NULL, Cutoff datetime2(3) NOT NULL, RowsRemoved bigint NOT NULL, FirstPredictionLogId bigint NOT NULL, LastPredictionLogId bigint NOT NULL,
            Digest binary(32) NOT NULL, PurgedBy nvarchar(128) NOT NULL CONSTRAINT DF_RetentionLog_PurgedBy DEFAULT (ORIGINAL_LOGIN()),
            PurgedAt datetime2(3) NOT NULL CONSTRAINT DF_RetentionLog_PurgedAt DEFAULT (SYSUTCDATETIME()),
            CONSTRAINT PK_RetentionLog PRIMARY KEY CLUSTERED (RetentionLogId)
        );
        GO
        INSERT scoring.PredictionLog (ScoringRunId, RowKey, ModelVersionId, BlobSha256, InputsSha256, PredictedClass, PredictedLabel, Score, Probability, PredictedAt)
        VALUES (1, N'1', 1, 0x01, 0x02, 1, N'True', 1.5, 0.8, '2025-03-01T10:00:00'), (1, N'2', 1, 0x01, 0x03, 0, N'False', -0.5, 0.3, '2025-03-01T10:00:00');
        INSERT scoring.RetentionLog (PurgeId, ModelId, ScoringRunId, BatchNumber, KeepDays, Cutoff, RowsRemoved, FirstPredictionLogId, LastPredictionLogId, Digest)
        VALUES (1, 1, 9, 1, 30, '2025-02-01T00:00:00', 1, 5, 5, 0x0A);";

    private readonly SqlServerFixture _server;

    public ChampionsUpgradeIntegrationTests(SqlServerFixture server) => _server = server;

    [SkippableTheory]
    [InlineData(false)]
    [InlineData(true)]
    public void The_installer_adds_role_arm_status_reason_and_the_digest_version_keeping_every_row_and_a_rerun_changes_nothing(bool ledger)
    {
        _server.SkipUnlessAvailable();
        string cs = _server.CreateDatabase(ledger ? "champions_ledger" : "champions");
        using var db = new SqlConnection(cs);
        db.Open();
        RunScript(db, OldTables(ledger));

        string first = _server.Install(cs, ledger);
        Assert.Contains("Upgraded scoring.PredictionLog: columns Role, Arm, Status, Reason", first);
        Assert.Contains("kept 2 rows", first);
        Assert.Contains("Upgraded scoring.RetentionLog: column DigestVersion", first);
        Assert.Contains("Upgraded scoring.PredictionLog: index IX_PredictionLog_VersionKey", first);

        // The older rows: all values kept; no role or status recorded (read as Primary and Scored), digest format 1.
        var rows = Rows(db, "SELECT RowKey, PredictedLabel, Score, Role, Arm, Status, Reason FROM scoring.PredictionLog ORDER BY PredictionLogId;");
        Assert.Equal(new object?[] { "1", "True", 1.5f, null, null, null, null }, rows[0]);
        Assert.Equal(new object?[] { "2", "False", -0.5f, null, null, null, null }, rows[1]);
        Assert.Null(Scalar<object?>(db, "SELECT DigestVersion FROM scoring.RetentionLog;"));

        // New rows take the defaults, and the checks refuse values outside the embedded store's lists.
        Exec(db, "INSERT scoring.PredictionLog (ScoringRunId, RowKey, ModelVersionId, BlobSha256, InputsSha256) VALUES (2, N'3', 1, 0x01, 0x04);");
        Assert.Equal(new object?[] { "Primary", "Scored" }, Rows(db, "SELECT Role, Status FROM scoring.PredictionLog WHERE RowKey = N'3';").Single());
        Assert.ThrowsAny<SqlException>(() => Exec(db, "INSERT scoring.PredictionLog (ScoringRunId, RowKey, ModelVersionId, BlobSha256, InputsSha256, Status) VALUES (2, N'4', 1, 0x01, 0x04, 'Maybe');"));
        Assert.ThrowsAny<SqlException>(() => Exec(db, "INSERT scoring.PredictionLog (ScoringRunId, RowKey, ModelVersionId, BlobSha256, InputsSha256, Role) VALUES (2, N'4', 1, 0x01, 0x04, 'Backup');"));

        string second = _server.Install(cs, ledger);
        Assert.DoesNotContain("Upgraded scoring.PredictionLog: columns Role", second);
        Assert.DoesNotContain("Upgraded scoring.RetentionLog", second);
        Assert.DoesNotContain("index IX_PredictionLog_VersionKey", second);
        Assert.Equal(3, Scalar<int>(db, "SELECT COUNT(*) FROM scoring.PredictionLog;"));
        Assert.Equal(1, Scalar<int>(db, "SELECT COUNT(*) FROM scoring.RetentionLog;"));
    }
}
