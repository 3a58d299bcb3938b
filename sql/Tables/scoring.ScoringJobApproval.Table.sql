-- DbScoring version: 0.1.0
-- scoring.ScoringJobApproval: the input signatures a ScoringAdmin approved for each scheduled job (scoring.CreateScoringJob
-- records the first, scoring.ApproveScoringJob each later one). A job's run (scoring.ScoreTable @JobName) refuses a model
-- version whose set of input names and kinds is not the newest approved one (50024): a publisher cannot make a privileged
-- job read other columns by registering and promoting a version with other inputs. Append-only (trigger 50040 + DENY).
-- ApprovedInputs: JSON array [{"name": ..., "kind": 1|2|3}] ordered by name (scoring.Private_InputSet).
CREATE TABLE scoring.ScoringJobApproval
(
    ScoringJobApprovalId  int             IDENTITY(1, 1) NOT NULL,
    JobName               nvarchar(128)   NOT NULL,
    ModelName             nvarchar(100)   NOT NULL,
    AliasName             nvarchar(100)   NULL,
    PinnedVersion         int             NULL,
    ApprovedVersion       int             NOT NULL,
    ApprovedInputs        nvarchar(max)   NOT NULL,
    ApprovedBy            nvarchar(128)   NOT NULL CONSTRAINT DF_ScoringJobApproval_ApprovedBy DEFAULT (ORIGINAL_LOGIN()),
    ApprovedAt            datetime2(3)    NOT NULL CONSTRAINT DF_ScoringJobApproval_ApprovedAt DEFAULT (SYSUTCDATETIME()),
    Reason                nvarchar(4000)  NULL,
    CONSTRAINT PK_ScoringJobApproval PRIMARY KEY CLUSTERED (ScoringJobApprovalId),
    CONSTRAINT CK_ScoringJobApproval_Inputs CHECK (ISJSON(ApprovedInputs) = 1),
    INDEX IX_ScoringJobApproval_Job NONCLUSTERED (JobName, ScoringJobApprovalId)
);
