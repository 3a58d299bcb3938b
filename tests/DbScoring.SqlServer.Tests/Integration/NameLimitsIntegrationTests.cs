using System.Data;
using DbScoring.Testing;
using Microsoft.Data.SqlClient;
using Xunit;
using static DbScoring.Testing.SqlServerFixture;

namespace DbScoring.SqlServer.Tests.Integration;

/// <summary>
/// Names the registry keeps are plain ASCII identifiers in every collation (as in the embedded store), and names too long
/// for where they are kept are refused by name instead of being cut silently.
/// </summary>
[Collection(SqlServerCollection.Name)]
public class NameLimitsIntegrationTests
{
    private readonly SqlServerFixture _server;

    public NameLimitsIntegrationTests(SqlServerFixture server) => _server = server;

    private SqlConnection InstalledDatabase(string prefix, out string connectionString)
    {
        _server.SkipUnlessAvailable();
        connectionString = _server.CreateDatabase(prefix);
        _server.Install(connectionString);
        var db = new SqlConnection(connectionString);
        db.Open();
        return db;
    }

    private static void Register(SqlConnection db, string model)
    {
        using var command = new SqlCommand("scoring.AddModelVersion", db) { CommandType = CommandType.StoredProcedure };
        command.Parameters.AddWithValue("@Model", model);
        command.Parameters.Add("@Blob", SqlDbType.VarBinary, -1).Value = ChurnModels.Churn;
        command.ExecuteNonQuery();
    }

    [SkippableFact]
    public void Accented_model_and_alias_names_are_refused_whatever_the_database_collation()
    {
        // In the server's default collation (SQL_Latin1_General_CP1_CI_AS) [A-Za-z] matches è, ü and ñ unless tested binary.
        using SqlConnection db = InstalledDatabase("names", out _);

        var model = Assert.Throws<SqlException>(() => Register(db, "modèle"));
        Assert.True(IsValidationError(model), model.Message);
        Assert.Contains("@Model", model.Message);
        Assert.Equal(0, Scalar<int>(db, "SELECT COUNT(*) FROM scoring.Model;"));

        Register(db, "churn");
        var alias = Assert.Throws<SqlException>(() => Exec(db, "EXEC scoring.SetAlias @Model = N'churn', @Version = 1, @Alias = N'prodüction';"));
        Assert.Contains("@Alias", alias.Message);
        Assert.Equal(0, Scalar<int>(db, "SELECT COUNT(*) FROM scoring.ModelAlias;"));

        // Behind the procedures, the table checks refuse the same names.
        var direct = Assert.Throws<SqlException>(() => Exec(db, "INSERT scoring.Model (ModelName) VALUES (N'ñame');"));
        Assert.Contains("CK_Model_ModelName", direct.Message);
    }

    [SkippableFact]
    public void The_upgrade_replaces_a_collation_dependent_name_check_and_keeps_rows_named_before()
    {
        using SqlConnection db = InstalledDatabase("namecheck", out string cs);
        // The check as installed before this release, and a row it let through.
        Exec(db, @"ALTER TABLE scoring.Model DROP CONSTRAINT CK_Model_ModelName;
                   ALTER TABLE scoring.Model ADD CONSTRAINT CK_Model_ModelName CHECK (ModelName <> N'' AND ModelName NOT LIKE N'%[^A-Za-z0-9_]%' AND ModelName LIKE N'[A-Za-z]%');
                   INSERT scoring.Model (ModelName) VALUES (N'modèle');");

        string printed = _server.Install(cs);

        Assert.Contains("CK_Model_ModelName tests letters in a binary collation", printed);
        Assert.Contains("1 existing rows have other letters in ModelName", printed);
        Assert.Equal(1, Scalar<int>(db, "SELECT COUNT(*) FROM sys.check_constraints WHERE name = N'CK_Model_ModelName' AND definition LIKE N'%Latin1_General_100_BIN2%';"));
        Assert.Equal(1, Scalar<int>(db, "SELECT COUNT(*) FROM scoring.Model WHERE ModelName = N'modèle';"));
        Assert.Contains("CK_Model_ModelName", Assert.Throws<SqlException>(() => Exec(db, "INSERT scoring.Model (ModelName) VALUES (N'ñame');")).Message);

        // A second install finds nothing to do.
        Assert.DoesNotContain("CK_Model_ModelName", _server.Install(cs));
    }

    [SkippableFact]
    public void A_default_function_name_over_128_characters_is_refused_instead_of_cut()
    {
        using SqlConnection db = InstalledDatabase("longname", out _);
        string model = "m" + new string('x', 79);
        string alias = "a" + new string('y', 79);
        Register(db, model);
        Exec(db, $"EXEC scoring.SetAlias @Model = N'{model}', @Version = 1, @Alias = N'{alias}';");

        var error = Assert.Throws<SqlException>(() => Exec(db, $"EXEC scoring.CreatePredictFunction @Model = N'{model}', @Alias = N'{alias}';"));
        Assert.Contains("more than the 128 SQL Server allows", error.Message);
        Assert.Equal(0, Scalar<int>(db, "SELECT COUNT(*) FROM sys.objects WHERE schema_id = SCHEMA_ID(N'scoring') AND name LIKE N'Predict[_]%';"));

        Exec(db, $"EXEC scoring.CreatePredictFunction @Model = N'{model}', @Alias = N'{alias}', @FunctionName = N'Predict_long';");
        Assert.NotEqual(0, Scalar<int>(db, "SELECT COUNT(*) FROM sys.objects WHERE object_id = OBJECT_ID(N'scoring.Predict_long');"));
        // Moving the alias looks for the default name only when it fits, and never for a cut one.
        Exec(db, $"EXEC scoring.SetAlias @Model = N'{model}', @Version = 1, @Alias = N'{alias}';");
    }

    [SkippableFact]
    public void A_target_whose_quoted_name_is_longer_than_a_run_records_is_refused_before_anything_is_written()
    {
        using SqlConnection db = InstalledDatabase("longtarget", out _);
        Exec(db, $@"CREATE TABLE dbo.Customers (CustomerId int NOT NULL PRIMARY KEY, Age real NULL, [Plan] nvarchar(20) NULL, Tenure real NOT NULL, MonthlyCharges real NOT NULL);
                    INSERT dbo.Customers (CustomerId, Age, [Plan], Tenure, MonthlyCharges) SELECT 1, {ChurnModels.FeaturesSql} FROM (VALUES (CONVERT(bigint, 1))) AS n (i);");
        Register(db, "churn");
        Exec(db, "EXEC scoring.SetAlias @Model = N'churn', @Version = 1;");
        // 128 characters, 60 of them ]: quoted, 190 + 6 for [dbo]. and the brackets; two of them would not fit in 300.
        string name = new string(']', 60) + new string('t', 68);
        string quotedTarget = "[dbo].[" + name.Replace("]", "]]") + "]";
        Exec(db, "CREATE SCHEMA [" + name.Replace("]", "]]") + "];");
        string target = "[" + name.Replace("]", "]]") + "].[" + name.Replace("]", "]]") + "]";

        var error = Assert.Throws<SqlException>(() => Exec(db, "EXEC scoring.ScoreTable @Model = N'churn', @Source = N'dbo.Customers', @KeyColumns = N'CustomerId', @Target = @Target;",
                                                            600, ("@Target", target)));
        Assert.Contains("scoring runs record names of up to 300", error.Message);
        Assert.Equal(0, Scalar<int>(db, "SELECT COUNT(*) FROM scoring.ScoringRun;"));

        Exec(db, "EXEC scoring.ScoreTable @Model = N'churn', @Source = N'dbo.Customers', @KeyColumns = N'CustomerId', @Target = @Target;", 600, ("@Target", quotedTarget));
        Assert.Equal(1, Scalar<int>(db, "SELECT COUNT(*) FROM scoring.ScoringRun WHERE Status = 'Succeeded' AND TargetName = @Name;", ("@Name", quotedTarget)));
    }
}
