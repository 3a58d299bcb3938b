using System;
using System.IO;
using DbScoring.Store.Sqlite;
using DbScoring.Store.SqlServer;
using Xunit;

namespace DbScoring.Store.Tests
{
    public sealed class ModelStoreFactoryTests
    {
        [Fact]
        public void A_sqlite_spec_opens_the_embedded_store_at_that_path()
        {
            string path = Path.Combine(Path.GetTempPath(), "dbscoring-factory-" + Guid.NewGuid().ToString("N") + ".db");
            try
            {
                using var store = ModelStoreFactory.Open("sqlite:" + path);
                Assert.IsType<SqliteModelStore>(store);
                Assert.Equal("sqlite:" + path, store.DisplayName);
            }
            finally { File.Delete(path); }
        }

        [Fact]
        public void A_connection_string_opens_sql_server_and_is_never_echoed_with_its_password()
        {
            using var store = ModelStoreFactory.Open("Server=db1;Database=Scoring;User Id=sa;Password=S3cret!;TrustServerCertificate=True");
            Assert.IsType<SqlServerModelStore>(store);
            Assert.Equal("sqlserver://db1/Scoring", store.DisplayName);
            Assert.DoesNotContain("S3cret", store.DisplayName, StringComparison.Ordinal);
        }

        [Fact]
        public void No_spec_means_the_environment_variable_then_the_default_file()
        {
            string? saved = Environment.GetEnvironmentVariable(ModelStoreFactory.EnvironmentVariable);
            try
            {
                Environment.SetEnvironmentVariable(ModelStoreFactory.EnvironmentVariable, null);
                Assert.Equal("sqlite:./dbscoring.db", ModelStoreFactory.Resolve(null));
                Environment.SetEnvironmentVariable(ModelStoreFactory.EnvironmentVariable, "sqlite:/tmp/x.db");
                Assert.Equal("sqlite:/tmp/x.db", ModelStoreFactory.Resolve(" "));
                Assert.Equal("sqlite:/tmp/y.db", ModelStoreFactory.Resolve("sqlite:/tmp/y.db"));
            }
            finally { Environment.SetEnvironmentVariable(ModelStoreFactory.EnvironmentVariable, saved); }
        }

        [Fact]
        public void An_unrecognised_spec_is_refused_without_echoing_a_password()
        {
            var e = Assert.Throws<ArgumentException>(() => ModelStoreFactory.Open("postgres://u@h/db;Password=hunter2"));
            Assert.DoesNotContain("hunter2", e.Message, StringComparison.Ordinal);
        }

        [Theory]
        [InlineData("churn@production", "churn", "production", null)]
        [InlineData("churn:3", "churn", null, 3)]
        [InlineData("churn", "churn", "production", null)]
        public void Model_references_parse_alias_version_and_bare_forms(string text, string model, string? alias, int? version)
        {
            var r = ModelRef.Parse(text);
            Assert.Equal(model, r.Model);
            Assert.Equal(alias, r.Alias);
            Assert.Equal(version, r.Version);
        }

        [Theory]
        [InlineData("churn@prod@x")]
        [InlineData("churn:0")]
        [InlineData("churn:x")]
        [InlineData("1churn")]
        [InlineData("churn'; DROP TABLE Model; --")]
        [InlineData("churn@prod:3")]
        public void Malformed_model_references_are_refused(string text) => Assert.Throws<ArgumentException>(() => ModelRef.Parse(text));
    }
}
