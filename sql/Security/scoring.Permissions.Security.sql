-- DbScoring version: 0.1.0
-- Permissions of the four DbScoring roles. Procedures reach the tables by ownership chaining (all objects are
-- owned by dbo), so no role holds INSERT, UPDATE or DELETE on any DbScoring table, and all are denied them
-- explicitly, together with ALTER on the schema (no disabling of triggers, no TRUNCATE). Re-running is harmless.
GRANT EXECUTE ON scoring.ScoreTable TO ScoringAnalyst;
GRANT EXECUTE ON scoring.Version TO ScoringAnalyst, ScoringPublisher, ScoringAuditor;
GRANT SELECT ON scoring.Models TO ScoringAnalyst, ScoringPublisher, ScoringAuditor;
GRANT SELECT ON scoring.ModelVersions TO ScoringAnalyst, ScoringPublisher, ScoringAuditor;
GRANT SELECT ON scoring.Runs TO ScoringAnalyst, ScoringPublisher, ScoringAuditor;
GRANT SELECT ON scoring.RunInputStatistics TO ScoringAnalyst, ScoringPublisher, ScoringAuditor;
GRANT SELECT ON scoring.Aliases TO ScoringAnalyst, ScoringPublisher, ScoringAuditor;
GRANT SELECT ON scoring.RunDrift TO ScoringAnalyst, ScoringPublisher, ScoringAuditor;
-- The profile drift is measured against, never the blob (audit drift shows the run's buckets against its bins).
GRANT EXECUTE ON scoring.ExportTrainingProfile TO ScoringAnalyst, ScoringPublisher, ScoringAuditor;
GRANT SELECT ON scoring.MonitoringSettings TO ScoringAnalyst, ScoringPublisher, ScoringAuditor;
GRANT SELECT ON scoring.MonitoringSettingHistory TO ScoringAnalyst, ScoringPublisher, ScoringAuditor;
GRANT SELECT ON scoring.RunDriftCounts TO ScoringAnalyst, ScoringPublisher, ScoringAuditor;
GRANT SELECT ON scoring.ShadowComparison TO ScoringAnalyst, ScoringPublisher, ScoringAuditor;
-- Refused rows quote source values: the view shows a caller the rows of their own runs only (auditors and admins: all).
GRANT SELECT ON scoring.RefusedRows TO ScoringAnalyst, ScoringPublisher, ScoringAuditor;

GRANT EXECUTE ON scoring.ScoreTable TO ScoringPublisher;
-- ScoreTable's generated statements run through sp_executesql, which breaks the ownership chain: the one scoring object
-- they name (a CLR function with no data access that reads a packed real) needs its own grant for every role that may
-- run ScoreTable (GeneratedStatementTests checks this for every statement).
GRANT EXECUTE ON scoring.Private_ReadReal TO ScoringAnalyst, ScoringPublisher;
-- With @Split, the staging statement computes each row's arm with this CLR function (no data access).
GRANT EXECUTE ON scoring.Private_SplitArm TO ScoringAnalyst, ScoringPublisher;
GRANT EXECUTE ON scoring.AddModelVersion TO ScoringPublisher;
GRANT EXECUTE ON scoring.SetAlias TO ScoringPublisher;
GRANT EXECUTE ON scoring.RollbackAlias TO ScoringPublisher;
GRANT EXECUTE ON scoring.CreatePredictFunction TO ScoringPublisher;
GRANT EXECUTE ON scoring.ExportModelVersion TO ScoringPublisher, ScoringAuditor;
GRANT EXECUTE ON scoring.SetMonitoring TO ScoringPublisher;
GRANT EXECUTE ON scoring.RecordOutcomes TO ScoringPublisher;
GRANT SELECT ON scoring.PredictionOutcomes TO ScoringPublisher, ScoringAuditor;
GRANT SELECT ON scoring.PredictionOutcomesOf TO ScoringPublisher, ScoringAuditor;
GRANT SELECT ON scoring.ShadowPredictions TO ScoringPublisher, ScoringAuditor;
GRANT SELECT ON scoring.RealisedPerformance TO ScoringPublisher, ScoringAuditor;
GRANT SELECT ON scoring.AliasHistory TO ScoringPublisher, ScoringAuditor;

GRANT SELECT ON scoring.AliasesAsOf TO ScoringPublisher, ScoringAuditor;
GRANT SELECT ON scoring.PredictionAudit TO ScoringAuditor;
GRANT SELECT ON scoring.Modules TO ScoringAuditor, ScoringAdmin;
GRANT SELECT ON scoring.Model TO ScoringAuditor;
GRANT SELECT ON scoring.ModelVersion TO ScoringAuditor;
GRANT SELECT ON scoring.ModelAlias TO ScoringAuditor;
GRANT SELECT ON scoring.ModelAliasHistory TO ScoringAuditor;
GRANT SELECT ON scoring.ScoringRun TO ScoringAuditor;
GRANT SELECT ON scoring.PredictionLog TO ScoringAuditor;
GRANT SELECT ON scoring.ScoringRunInputStats TO ScoringAuditor;
GRANT EXECUTE ON scoring.Private_UnpackInputs TO ScoringAuditor;
GRANT EXECUTE ON scoring.ReplayPrediction TO ScoringAuditor;
GRANT SELECT ON scoring.RetentionPolicies TO ScoringAuditor;
GRANT SELECT ON scoring.Purges TO ScoringAuditor;
GRANT SELECT ON scoring.PurgedBatches TO ScoringAuditor;
GRANT SELECT ON scoring.RetentionPolicy TO ScoringAuditor;
GRANT SELECT ON scoring.RetentionLog TO ScoringAuditor;
GRANT SELECT ON scoring.ScoringJobApproval TO ScoringAuditor;
GRANT SELECT ON scoring.ScoringJobs TO ScoringAuditor;
GRANT SELECT ON scoring.MonitoringSetting TO ScoringAuditor;
GRANT SELECT ON scoring.ScoringRunDriftCounts TO ScoringAuditor;
GRANT SELECT ON scoring.ScoringRunDrift TO ScoringAuditor;
GRANT SELECT ON scoring.Outcome TO ScoringAuditor;
-- The tamper-evident audit chain: auditors verify it and read its links (ScoringAdmin executes the whole schema).
GRANT EXECUTE ON scoring.VerifyAuditTrail TO ScoringAuditor;
GRANT SELECT ON scoring.AuditLink TO ScoringAuditor;
GRANT SELECT ON scoring.AuditChainStart TO ScoringAuditor;

-- ScoringAdmin: everything, including scoring.SetRetention and scoring.PurgePredictionLog (no other role may purge), and
-- scoring.CreateScoringJob and scoring.ApproveScoringJob (no other role may schedule or approve what a job reads).
GRANT EXECUTE, SELECT ON SCHEMA::scoring TO ScoringAdmin;
-- ...except the private procedures that write audit rows or create functions as dbo: called directly they would reach their
-- tables through the ownership chain (which skips the DENYs below) outside the audited path. Procedures and triggers that
-- call them keep working: an unbroken ownership chain checks no permission.
DENY EXECUTE ON scoring.Private_AppendAuditLink TO ScoringAdmin;
DENY EXECUTE ON scoring.Private_RecordRunDrift TO ScoringAdmin;
DENY EXECUTE ON scoring.Private_RegeneratePredictFunction TO ScoringAdmin;
DENY EXECUTE ON scoring.Private_WritePredictFunction TO ScoringAdmin;
-- Auditors and admins check the installed modules (scoring.Modules' StampedVersion): catalog views show a definition only
-- to a caller with VIEW DEFINITION, whatever the view's owner may see. The assembly's own grant is in
-- Install/AssemblyPermissions.Install.sql (given again after every install: replacing the assembly drops it).
GRANT VIEW DEFINITION ON SCHEMA::scoring TO ScoringAuditor, ScoringAdmin;

DENY INSERT, UPDATE, DELETE ON scoring.Model TO ScoringAnalyst, ScoringPublisher, ScoringAuditor, ScoringAdmin;
DENY INSERT, UPDATE, DELETE ON scoring.ModelVersion TO ScoringAnalyst, ScoringPublisher, ScoringAuditor, ScoringAdmin;
DENY INSERT, UPDATE, DELETE ON scoring.ModelAlias TO ScoringAnalyst, ScoringPublisher, ScoringAuditor, ScoringAdmin;
DENY INSERT, UPDATE, DELETE ON scoring.ModelAliasHistory TO ScoringAnalyst, ScoringPublisher, ScoringAuditor, ScoringAdmin;
DENY INSERT, UPDATE, DELETE ON scoring.ScoringRun TO ScoringAnalyst, ScoringPublisher, ScoringAuditor, ScoringAdmin;
DENY INSERT, UPDATE, DELETE ON scoring.PredictionLog TO ScoringAnalyst, ScoringPublisher, ScoringAuditor, ScoringAdmin;
DENY INSERT, UPDATE, DELETE ON scoring.ScoringRunInputStats TO ScoringAnalyst, ScoringPublisher, ScoringAuditor, ScoringAdmin;
DENY INSERT, UPDATE, DELETE ON scoring.RetentionPolicy TO ScoringAnalyst, ScoringPublisher, ScoringAuditor, ScoringAdmin;
DENY INSERT, UPDATE, DELETE ON scoring.RetentionLog TO ScoringAnalyst, ScoringPublisher, ScoringAuditor, ScoringAdmin;
DENY INSERT, UPDATE, DELETE ON scoring.ScoringJobApproval TO ScoringAnalyst, ScoringPublisher, ScoringAuditor, ScoringAdmin;
DENY INSERT, UPDATE, DELETE ON scoring.MonitoringSetting TO ScoringAnalyst, ScoringPublisher, ScoringAuditor, ScoringAdmin;
DENY INSERT, UPDATE, DELETE ON scoring.ScoringRunDriftCounts TO ScoringAnalyst, ScoringPublisher, ScoringAuditor, ScoringAdmin;
DENY INSERT, UPDATE, DELETE ON scoring.ScoringRunDrift TO ScoringAnalyst, ScoringPublisher, ScoringAuditor, ScoringAdmin;
DENY INSERT, UPDATE, DELETE ON scoring.Outcome TO ScoringAnalyst, ScoringPublisher, ScoringAuditor, ScoringAdmin;
DENY INSERT, UPDATE, DELETE ON scoring.AuditLink TO ScoringAnalyst, ScoringPublisher, ScoringAuditor, ScoringAdmin;
DENY INSERT, UPDATE, DELETE ON scoring.AuditChainStart TO ScoringAnalyst, ScoringPublisher, ScoringAuditor, ScoringAdmin;
DENY ALTER, CONTROL, TAKE OWNERSHIP ON SCHEMA::scoring TO ScoringAnalyst, ScoringPublisher, ScoringAuditor, ScoringAdmin;
