using System.Data;
using DbScoring.Testing;
using Microsoft.Data.SqlClient;
using Xunit;
using static DbScoring.Testing.SqlServerFixture;

namespace DbScoring.SqlServer.Tests.Integration;

/// <summary>
/// Model names compare like the database's collation everywhere: a Predict_ function generated for 'churn' belongs to the
/// model registered as 'Churn' in a case-insensitive database, so promoting 'Churn' to a version with other inputs
/// regenerates it (the ownership marker was compared binary, which refused the regeneration and rolled the promotion back).
/// </summary>
[Collection(SqlServerCollection.Name)]
public class ModelNameSpellingIntegrationTests
{
    private readonly SqlServerFixture _server;

    public ModelNameSpellingIntegrationTests(SqlServerFixture server) => _server = server;

    [SkippableFact]
    public void A_promotion_spelled_differently_from_the_function_generation_still_regenerates_the_function()
    {
        _server.SkipUnlessAvailable();
        string cs = _server.CreateDatabase("modelcase");
        _server.Install(cs);
        using var db = new SqlConnection(cs);
        db.Open();
        foreach (byte[] blob in new[] { ChurnModels.Churn, ChurnModels.ChurnWithCharges })
        {
            using var register = new SqlCommand("scoring.AddModelVersion", db) { CommandType = CommandType.StoredProcedure };
            register.Parameters.AddWithValue("@Model", "Churn");
            register.Parameters.Add("@Blob", SqlDbType.VarBinary, -1).Value = blob;
            register.ExecuteNonQuery();
        }

        Exec(db, "EXEC scoring.SetAlias @Model = N'Churn', @Version = 1; EXEC scoring.CreatePredictFunction @Model = N'churn';");
        Assert.Equal(3, Scalar<int>(db, "SELECT COUNT(*) FROM sys.parameters WHERE object_id = OBJECT_ID(N'scoring.Predict_churn');"));

        string printed = ExecPrinting(db, "EXEC scoring.SetAlias @Model = N'CHURN', @Version = 2;");
        Assert.Contains("was regenerated", printed);
        Assert.Equal(4, Scalar<int>(db, "SELECT COUNT(*) FROM sys.parameters WHERE object_id = OBJECT_ID(N'scoring.Predict_churn');"));
        Assert.Equal(2, Scalar<int>(db, "SELECT VersionNumber FROM scoring.Aliases WHERE AliasName = N'production';"));
    }
}
