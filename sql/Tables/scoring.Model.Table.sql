-- DbScoring version: 0.1.0
-- scoring.Model: one row per model name. Rows are never updated or deleted (trigger + DENY).
-- ModelName is restricted to [A-Za-z][A-Za-z0-9_]* (max 100) so that scoring.Predict_<ModelName> is a plain identifier.
-- The ranges are tested in a binary collation: in the database's collation [A-Za-z] would also match accented letters (e with an acute accent, for one).
CREATE TABLE scoring.Model
(
    ModelId     int            IDENTITY(1, 1) NOT NULL,
    ModelName   nvarchar(100)  NOT NULL,
    CreatedBy   nvarchar(128)  NOT NULL CONSTRAINT DF_Model_CreatedBy DEFAULT (ORIGINAL_LOGIN()),
    CreatedAt   datetime2(3)   NOT NULL CONSTRAINT DF_Model_CreatedAt DEFAULT (SYSUTCDATETIME()),
    CONSTRAINT PK_Model PRIMARY KEY CLUSTERED (ModelId),
    CONSTRAINT UQ_Model_ModelName UNIQUE (ModelName),
    CONSTRAINT CK_Model_ModelName CHECK (ModelName <> N'' AND ModelName COLLATE Latin1_General_100_BIN2 NOT LIKE N'%[^A-Za-z0-9_]%' AND ModelName COLLATE Latin1_General_100_BIN2 LIKE N'[A-Za-z]%')
);
