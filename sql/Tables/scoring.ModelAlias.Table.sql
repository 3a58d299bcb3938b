-- DbScoring version: 0.1.0
-- scoring.ModelAlias: movable pointers (production, staging, ...) to a version of the same model.
-- System-versioned: every move is kept in scoring.ModelAliasHistory with who moved it (MovedBy) and when
-- (ValidFrom). A rollback is a new move. Only scoring.SetAlias / scoring.RollbackAlias write here.
CREATE TABLE scoring.ModelAlias
(
    ModelId         int             NOT NULL,
    AliasName       nvarchar(100)   NOT NULL,
    ModelVersionId  int             NOT NULL,
    MovedBy         nvarchar(128)   NOT NULL CONSTRAINT DF_ModelAlias_MovedBy DEFAULT (ORIGINAL_LOGIN()),
    MoveReason      nvarchar(4000)  NULL,
    ValidFrom       datetime2(7)    GENERATED ALWAYS AS ROW START NOT NULL,
    ValidTo         datetime2(7)    GENERATED ALWAYS AS ROW END NOT NULL,
    PERIOD FOR SYSTEM_TIME (ValidFrom, ValidTo),
    CONSTRAINT PK_ModelAlias PRIMARY KEY CLUSTERED (ModelId, AliasName),
    CONSTRAINT FK_ModelAlias_Version FOREIGN KEY (ModelId, ModelVersionId) REFERENCES scoring.ModelVersion (ModelId, ModelVersionId),
    CONSTRAINT CK_ModelAlias_AliasName CHECK (AliasName <> N'' AND AliasName COLLATE Latin1_General_100_BIN2 NOT LIKE N'%[^A-Za-z0-9_]%' AND AliasName COLLATE Latin1_General_100_BIN2 LIKE N'[A-Za-z]%')
)
WITH (SYSTEM_VERSIONING = ON (HISTORY_TABLE = scoring.ModelAliasHistory, DATA_CONSISTENCY_CHECK = ON));
