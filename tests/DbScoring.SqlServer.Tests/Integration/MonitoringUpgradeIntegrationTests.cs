using System;
using System.Linq;
using Microsoft.Data.SqlClient;
using DbScoring.Testing;
using Xunit;
using static DbScoring.Testing.SqlServerFixture;

namespace DbScoring.SqlServer.Tests.Integration;

/// <summary>
/// A database installed before monitoring (ScoringRun.StartTime/EndTime, ScoringRunInputStats.RowsSeen/Missing/...) is
/// upgraded in place by the installer to the names both stores share, every row and value kept — also when ScoringRun is
/// an updatable ledger table — and a second run of the installer changes nothing. Skipped (with the reason) where no
/// server is reachable.
/// </summary>
[Collection(SqlServerCollection.Name)]
public class MonitoringUpgradeIntegrationTests
{
    /// <summary>The two tables as the installer created them before this upgrade, with one completed run and its statistics.</summary>
    private static string OldTables(bool ledger) => @"
        CREATE SCHEMA scoring;
        GO
        CREATE TABLE scoring.ScoringRun
        (
            ScoringRunId bigint IDENTITY(1, 1) NOT NULL, ProcedureName nvarchar(128) NOT NULL, ModelId int NULL, ModelVersionId int NULL,
            AliasName nvarchar(100) NULL, BlobSha256 binary(32) NULL, SourceName nvarchar(300) NULL, TargetName nvarchar(300) NULL,
            KeyColumns nvarchar(4000) NULL, Command nvarchar(max) NOT NULL,
            StartTime datetime2(3) NOT NULL CONSTRAINT DF_ScoringRun_StartTime DEFAULT (SYSUTCDATETIME()), EndTime datetime2(3) NULL,
            Status varchar(20) NOT NULL CONSTRAINT DF_ScoringRun_Status DEFAULT ('Running'), RowsScored bigint NULL, RowsSkipped bigint NULL,
            BatchCount int NULL, DurationMs bigint NULL, RowsPerSecond decimal(19, 1) NULL, ErrorNumber int NULL, ErrorMessage nvarchar(4000) NULL,
            LoginName nvarchar(128) NOT NULL CONSTRAINT DF_ScoringRun_LoginName DEFAULT (ORIGINAL_LOGIN()),
            UserName nvarchar(128) NOT NULL CONSTRAINT DF_ScoringRun_UserName DEFAULT (USER_NAME()),
            ApplicationName nvarchar(128) NULL CONSTRAINT DF_ScoringRun_ApplicationName DEFAULT (APP_NAME()),
            HostName nvarchar(128) NULL CONSTRAINT DF_ScoringRun_HostName DEFAULT (HOST_NAME()),
            SessionId int NOT NULL CONSTRAINT DF_ScoringRun_SessionId DEFAULT (@@SPID), AbandonedBy nvarchar(128) NULL,
            CONSTRAINT PK_ScoringRun PRIMARY KEY CLUSTERED (ScoringRunId),
            CONSTRAINT CK_ScoringRun_Status CHECK (Status IN ('Running', 'Succeeded', 'Failed', 'Abandoned'))
        )" + (ledger ? " WITH (LEDGER = ON)" : "") + @";
        CREATE TABLE scoring.ScoringRunInputStats
        (
            ScoringRunId bigint NOT NULL, BatchNumber int NOT NULL, InputIndex int NOT NULL, InputName nvarchar(128) NOT NULL,
            RowsSeen bigint NOT NULL, Missing bigint NOT NULL, UnseenCategory bigint NOT NULL, BelowTrainingMin bigint NOT NULL, AboveTrainingMax bigint NOT NULL,
            CONSTRAINT PK_ScoringRunInputStats PRIMARY KEY CLUSTERED (ScoringRunId, BatchNumber, InputIndex)
        );
        GO
        INSERT scoring.ScoringRun (ProcedureName, Command, StartTime, EndTime, Status, RowsScored, BatchCount)
        VALUES (N'scoring.ScoreTable', N'EXEC scoring.ScoreTable ...', '2025-03-01T10:00:00', '2025-03-01T10:05:00', 'Succeeded', 70, 2);
        INSERT scoring.ScoringRunInputStats (ScoringRunId, BatchNumber, InputIndex, InputName, RowsSeen, Missing, UnseenCategory, BelowTrainingMin, AboveTrainingMax)
        VALUES (1, 1, 0, N'Age', 50, 3, 0, 1, 2), (1, 2, 0, N'Age', 20, 1, 0, 0, 1), (1, 1, 1, N'Plan', 50, 4, 5, 0, 0), (1, 2, 1, N'Plan', 20, 0, 2, 0, 0);";

    private readonly SqlServerFixture _server;

    public MonitoringUpgradeIntegrationTests(SqlServerFixture server) => _server = server;

    [SkippableTheory]
    [InlineData(false)]
    [InlineData(true)]
    public void The_installer_renames_the_run_and_input_statistics_columns_in_place_keeping_every_row_and_a_rerun_changes_nothing(bool ledger)
    {
        _server.SkipUnlessAvailable();
        string cs = _server.CreateDatabase(ledger ? "upgrade_ledger" : "upgrade");
        using var db = new SqlConnection(cs);
        db.Open();
        RunScript(db, OldTables(ledger));

        string first = _server.Install(cs, ledger);
        Assert.Contains("Upgraded scoring.ScoringRun to the monitoring names", first);
        Assert.Contains("kept 1 runs", first);
        Assert.Contains("Upgraded scoring.ScoringRunInputStats to the monitoring names", first);
        Assert.Contains("kept 4 rows", first);

        object?[] run = Rows(db, "SELECT StartedAt, EndedAt, Status, RowsScored, RowsByFallback, RowsRefused, DriftLevel, DriftInputs FROM scoring.Runs WHERE ScoringRunId = 1;").Single();
        Assert.Equal(new DateTime(2025, 3, 1, 10, 0, 0), run[0]);
        Assert.Equal(new DateTime(2025, 3, 1, 10, 5, 0), run[1]);
        Assert.Equal(new object?[] { "Succeeded", 70L, null, null, null, null }, run.Skip(2).ToArray());
        object?[] age = Rows(db, "SELECT RowsScored, MissingValues, UnseenCategories, BelowRange, AboveRange FROM scoring.RunInputStatistics WHERE ScoringRunId = 1 AND InputName = N'Age';").Single();
        Assert.Equal(new object?[] { 70L, 4L, 0L, 1L, 3L }, age);
        Assert.Equal(7L, Scalar<long>(db, "SELECT UnseenCategories FROM scoring.RunInputStatistics WHERE ScoringRunId = 1 AND InputName = N'Plan';"));
        Assert.Equal(0, Scalar<int>(db, "SELECT COUNT(*) FROM sys.columns WHERE object_id IN (OBJECT_ID(N'scoring.ScoringRun'), OBJECT_ID(N'scoring.ScoringRunInputStats')) "
                                        + "AND name IN (N'StartTime', N'EndTime', N'RowsSeen', N'Missing', N'UnseenCategory', N'BelowTrainingMin', N'AboveTrainingMax');"));
        Assert.NotNull(Scalar<object?>(db, "SELECT OBJECT_ID(N'scoring.DF_ScoringRun_StartedAt', N'D');"));
        Assert.Equal(ledger ? 2 : 0, Scalar<int>(db, "SELECT CONVERT(int, ledger_type) FROM sys.tables WHERE object_id = OBJECT_ID(N'scoring.ScoringRun');"));

        // The upgraded tables work: the completion trigger knows the new names, a drift level outside the list is refused.
        Assert.ThrowsAny<SqlException>(() => Exec(db, "UPDATE scoring.ScoringRun SET StartedAt = SYSUTCDATETIME() WHERE ScoringRunId = 1;"));
        Assert.ThrowsAny<SqlException>(() => Exec(db, "INSERT scoring.ScoringRun (ProcedureName, Command, DriftLevel) VALUES (N'x', N'x', 'Severe');"));

        string second = _server.Install(cs, ledger);
        Assert.DoesNotContain("Upgraded scoring.ScoringRun", second);
        Assert.DoesNotContain("Upgraded scoring.ScoringRunInputStats", second);
        Assert.Equal(1, Scalar<int>(db, "SELECT COUNT(*) FROM scoring.ScoringRun;"));
        Assert.Equal(4, Scalar<int>(db, "SELECT COUNT(*) FROM scoring.ScoringRunInputStats;"));
    }
}
