using System;
using System.Linq;
using DbScoring.Store.SqlServer;
using DbScoring.Testing;
using Microsoft.Data.SqlClient;
using Xunit;

namespace DbScoring.Store.Tests
{
    /// <summary>
    /// The SQL Server backend under the DbScoring roles, with real logins: a publisher registers, resolves aliases, reads a
    /// blob and promotes without any right on the registry tables; an analyst is told clearly what it may not do; a failed
    /// call on a pooled connection never reports an earlier call's run as its own. Skipped where no server is reachable.
    /// </summary>
    public sealed class SqlServerStoreRoleTests : IClassFixture<SqlServerFixture>
    {
        private readonly SqlServerFixture _fixture;

        public SqlServerStoreRoleTests(SqlServerFixture fixture) => _fixture = fixture;

        /// <summary>A new installed database and a connection string for a new login in <paramref name="role"/>.</summary>
        private (string Admin, string AsRole) Database(string role)
        {
            _fixture.SkipUnlessAvailable();
            string admin = _fixture.CreateDatabase("storerole");
            _fixture.Install(admin);
            string login = "l_" + Guid.NewGuid().ToString("N").Substring(0, 10);
            string password = "Pw1!" + Guid.NewGuid().ToString("N");
            using (var db = new SqlConnection(admin))
            {
                db.Open();
                SqlServerFixture.Exec(db, $@"CREATE LOGIN [{login}] WITH PASSWORD = N'{password}', CHECK_POLICY = OFF;
                    CREATE USER [{login}] FOR LOGIN [{login}]; ALTER ROLE {role} ADD MEMBER [{login}];
                    CREATE TABLE dbo.Customers (Id bigint NOT NULL PRIMARY KEY, Age float NULL, Tenure float NULL, [Plan] nvarchar(20) NULL);
                    INSERT dbo.Customers VALUES (1, 30, 12, N'basic'), (2, NULL, 40, N'premium'), (3, 61, 2, NULL);
                    GRANT SELECT ON dbo.Customers TO [{login}]; GRANT CREATE TABLE TO [{login}];
                    CREATE ROLE ScoringOutputOwner; EXEC (N'CREATE SCHEMA scores AUTHORIZATION ScoringOutputOwner');
                    GRANT ALTER, SELECT, INSERT ON SCHEMA::scores TO [{login}];");
            }

            return (admin, new SqlConnectionStringBuilder(admin) { UserID = login, Password = password, IntegratedSecurity = false }.ConnectionString);
        }

        [SkippableFact]
        public void A_publisher_uses_the_registry_through_views_and_procedures_only()
        {
            var (_, asPublisher) = Database("ScoringPublisher");
            using var store = new SqlServerModelStore(asPublisher);
            var v1 = store.RegisterVersion(new RegisterRequest { Model = "churn", Blob = TestModels.Churn(-1.5f), SourceArtifactName = "churn.zip" });
            store.RegisterVersion(new RegisterRequest { Model = "churn", Blob = TestModels.Churn(0.25f) });
            store.SetAlias("churn", "production", 1, reason: "first");
            Assert.Equal(1, store.GetVersion(ModelRef.Parse("churn@production")).Version);
            Assert.Equal(TestModels.Churn(-1.5f), store.GetBlob(ModelRef.Parse("churn@production")));
            Assert.Equal(2, store.ListVersions("churn").Count);
            var moved = store.SetAlias("churn", "production", 2, reason: "retrained");
            Assert.True(moved.Moved);
            Assert.Equal(2, store.GetVersion(ModelRef.Parse("churn@production")).Version);
            var rolledBack = store.Rollback("churn", "production", reason: "drift");
            Assert.Equal(1, rolledBack.ToVersion);
            Assert.Equal(v1.ModelVersionId, store.GetVersion(ModelRef.Parse("churn@production")).ModelVersionId);
        }

        [SkippableFact]
        public void An_analyst_resolves_aliases_and_scores_but_is_refused_a_blob_with_a_message_naming_the_permission()
        {
            var (admin, asAnalyst) = Database("ScoringAnalyst");
            using (var owner = new SqlServerModelStore(admin))
            {
                owner.RegisterVersion(new RegisterRequest { Model = "churn", Blob = TestModels.Churn(-1.5f) });
                owner.SetAlias("churn", "production", 1);
            }

            using var store = new SqlServerModelStore(asAnalyst);
            Assert.Equal(1, store.GetVersion(ModelRef.Parse("churn@production")).Version);
            var run = store.ScoreTable(new ScoreTableRequest { Model = ModelRef.Parse("churn@production"), Source = "dbo.Customers", KeyColumns = new[] { "Id" }, Target = "scores.Churn", BatchSize = 2 });
            Assert.Equal("Succeeded", run.Status);
            Assert.Equal(3, run.RowsScored);
            Assert.False(string.IsNullOrEmpty(run.Command));
            var refused = Assert.Throws<ModelStoreException>(() => store.GetBlob(ModelRef.Parse("churn@production")));
            Assert.Contains("role may not do that", refused.Message);
        }

        [SkippableFact]
        public void An_analyst_reads_a_runs_drift_against_the_training_profile_without_the_blob()
        {
            var (admin, asAnalyst) = Database("ScoringAnalyst");
            byte[] blob = TestModels.ChurnProfiled(200);
            using (var owner = new SqlServerModelStore(admin))
            {
                owner.RegisterVersion(new RegisterRequest { Model = "churn", Blob = blob });
                owner.SetAlias("churn", "production", 1);
            }

            using var store = new SqlServerModelStore(asAnalyst);
            var run = store.ScoreTable(new ScoreTableRequest { Model = ModelRef.Parse("churn@production"), Source = "dbo.Customers", KeyColumns = new[] { "Id" }, Target = "scores.Churn" });
            var drift = store.RunDrift(run.RunId);
            Assert.True(drift.HasProfile);
            Assert.Equal(DbScoring.Runtime.ScoringModel.Load(blob).Profile!.Source, drift.ProfileSource);
            Assert.Equal(new[] { "Age", "Tenure", "Plan" }.OrderBy(n => n), drift.Report!.Inputs.Select(d => d.Name).OrderBy(n => n));
            Assert.All(drift.Report.Inputs, d => Assert.Equal(3, d.Rows));
            Assert.Throws<ModelStoreException>(() => store.GetBlob(ModelRef.Parse("churn@production")));
        }

        [SkippableFact]
        public void A_failed_call_on_a_pooled_connection_never_reports_an_earlier_run_as_its_own()
        {
            var (admin, asAnalyst) = Database("ScoringAnalyst");
            using (var owner = new SqlServerModelStore(admin))
            {
                owner.RegisterVersion(new RegisterRequest { Model = "churn", Blob = TestModels.Churn(-1.5f) });
                owner.SetAlias("churn", "production", 1);
            }

            var request = new ScoreTableRequest { Model = ModelRef.Parse("churn@production"), Source = "dbo.Customers", KeyColumns = new[] { "Id" }, Target = "scores.Churn" };
            long first;
            using (var store = new SqlServerModelStore(asAnalyst))
                first = store.ScoreTable(request).RunId;

            // The same login again: the pool hands back the same session. This call fails before any run starts.
            using (var db = new SqlConnection(admin))
            {
                db.Open();
                SqlServerFixture.Exec(db, $"REVOKE SELECT ON dbo.Customers FROM [{new SqlConnectionStringBuilder(asAnalyst).UserID}]; DENY EXECUTE ON scoring.ScoreTable TO ScoringAnalyst;");
            }

            using (var store = new SqlServerModelStore(asAnalyst))
            {
                var ex = Assert.ThrowsAny<ModelStoreException>(() => store.ScoreTable(request));
                Assert.IsNotType<ScoringRunFailedException>(ex);
                Assert.DoesNotContain("run " + first, ex.Message, StringComparison.Ordinal);
            }
        }
    }
}
