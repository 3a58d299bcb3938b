-- DbScoring version: 0.1.0
-- Auditors and admins compare the installed assembly with the released one (sys.assemblies, sys.assembly_files;
-- docs/audit.md): catalog views show it only to a caller with VIEW DEFINITION on it. Given on every install because
-- replacing the assembly (a new version) drops the permissions granted on the old one.
GRANT VIEW DEFINITION ON ASSEMBLY::[DbScoring.SqlClr] TO ScoringAuditor, ScoringAdmin;
