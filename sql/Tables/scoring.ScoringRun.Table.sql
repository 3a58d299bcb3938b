-- DbScoring version: 0.1.0
-- Ledger: updatable
-- scoring.ScoringRun: one row per scoring run, like Ola Hallengren's CommandLog: inserted with the start time
-- and the exact call before anything happens, completed once at the end with outcome, counts, duration,
-- rows/s and the error. A trigger lets only a Running row be completed, once; nothing is ever deleted.
-- A run whose session died (killed, crashed, failed over) is completed as Abandoned by the next run of the same
-- target: EndedAt = when that was noticed, AbandonedBy = the login of the run that noticed it.
-- Counts as in the embedded store (one contract, docs/monitoring.md): RowsScored by the run's own version(s),
-- RowsByFallback by the @Fallback version, RowsRefused (kept with their reason, retried by the next run); DriftLevel
-- (None, Warning, Alert; NULL when the version has no training profile) and DriftInputs (the inputs and outputs at that
-- level, comma-separated) are written at completion from scoring.RunDrift.
-- The installer can create it as an updatable ledger table (SQL Server 2022+).
CREATE TABLE scoring.ScoringRun
(
    ScoringRunId     bigint          IDENTITY(1, 1) NOT NULL,
    ProcedureName    nvarchar(128)   NOT NULL,
    ModelId          int             NULL,
    ModelVersionId   int             NULL,
    AliasName        nvarchar(100)   NULL,
    BlobSha256       binary(32)      NULL,
    SourceName       nvarchar(300)   NULL,
    TargetName       nvarchar(300)   NULL,
    KeyColumns       nvarchar(4000)  NULL,
    Command          nvarchar(max)   NOT NULL,
    StartedAt        datetime2(3)    NOT NULL CONSTRAINT DF_ScoringRun_StartedAt DEFAULT (SYSUTCDATETIME()),
    EndedAt          datetime2(3)    NULL,
    Status           varchar(20)     NOT NULL CONSTRAINT DF_ScoringRun_Status DEFAULT ('Running'),
    RowsScored       bigint          NULL,
    RowsSkipped      bigint          NULL,
    BatchCount       int             NULL,
    DurationMs       bigint          NULL,
    RowsPerSecond    decimal(19, 1)  NULL,
    ErrorNumber      int             NULL,
    ErrorMessage     nvarchar(4000)  NULL,
    LoginName        nvarchar(128)   NOT NULL CONSTRAINT DF_ScoringRun_LoginName DEFAULT (ORIGINAL_LOGIN()),
    UserName         nvarchar(128)   NOT NULL CONSTRAINT DF_ScoringRun_UserName DEFAULT (USER_NAME()),
    ApplicationName  nvarchar(128)   NULL CONSTRAINT DF_ScoringRun_ApplicationName DEFAULT (APP_NAME()),
    HostName         nvarchar(128)   NULL CONSTRAINT DF_ScoringRun_HostName DEFAULT (HOST_NAME()),
    SessionId        int             NOT NULL CONSTRAINT DF_ScoringRun_SessionId DEFAULT (@@SPID),
    AbandonedBy      nvarchar(128)   NULL,
    RowsByFallback   bigint          NULL,
    RowsRefused      bigint          NULL,
    DriftLevel       varchar(10)     NULL,
    DriftInputs      nvarchar(4000)  NULL,
    CONSTRAINT PK_ScoringRun PRIMARY KEY CLUSTERED (ScoringRunId),
    CONSTRAINT CK_ScoringRun_Status CHECK (Status IN ('Running', 'Succeeded', 'Failed', 'Abandoned')),
    CONSTRAINT CK_ScoringRun_DriftLevel CHECK (DriftLevel IN ('None', 'Warning', 'Alert'))
);
