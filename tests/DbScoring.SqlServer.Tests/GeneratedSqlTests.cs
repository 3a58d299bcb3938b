using System.Collections.Generic;
using System.Linq;
using Xunit;

namespace DbScoring.SqlServer.Tests;

/// <summary>
/// The dynamic SQL that scoring.ScoreTable and scoring.CreatePredictFunction build cannot run here, so this test
/// rebuilds the same text in C# — fragment for fragment, copied from the T-SQL string building (keep in step!) —
/// for a model with a number, a text and a boolean input and a composite key, and parses every statement with
/// the SQL Server 2022 parser. It catches syntax slips in the fragments (it found a missing '+' once); it does
/// not prove the T-SQL concatenation itself, which the integration tests exercise on a real server.
/// </summary>
public class GeneratedSqlTests
{
    private const char NL = '\n';

    /// <summary>C# copy of scoring.Private_PackExpression.</summary>
    private static string PackExpression(string e, int kind, int textChars) => kind switch
    {
        1 => "CASE WHEN " + e + " IS NULL THEN 0x00 ELSE 0x01 + CAST(CAST(" + e + " AS float) AS binary(8)) END",
        3 => "CASE WHEN " + e + " IS NULL THEN 0x00 WHEN CAST(" + e + " AS bit) = 1 THEN 0x013FF0000000000000 ELSE 0x010000000000000000 END",
        2 => "CASE WHEN " + e + " IS NULL THEN 0x00 ELSE 0x02 + CAST(CAST(DATALENGTH(CAST(" + e + " AS nvarchar(" + textChars + "))) AS smallint) AS binary(2)) + CAST(CAST("
             + e + " AS nvarchar(" + textChars + ")) AS varbinary(" + (2 * textChars) + ")) END",
        _ => throw new System.ArgumentOutOfRangeException(nameof(kind)),
    };

    private static readonly (string Name, int Kind)[] Inputs = { ("Age", 1), ("Plan Type", 2), ("IsSenior", 3) };
    private static readonly (string Name, string Type, int Style)[] Keys = { ("CustomerId", "int", 0), ("Snapshot Date", "date", 126) };
    private const int TextChars = 3989;

    private static string Q(string name) => "[" + name.Replace("]", "]]") + "]";

    public static IEnumerable<object[]> ScoreTableStatements()
    {
        string target = "[dbo].[Scores ]]x]";
        string source = "[dbo].[Customers]";
        string keyDecl = string.Join(", ", Keys.Select(k => Q(k.Name) + " " + k.Type + " NOT NULL"));
        string keyList = string.Join(", ", Keys.Select(k => Q(k.Name)));
        string keyListS = string.Join(", ", Keys.Select(k => "s." + Q(k.Name)));
        string keyListB = string.Join(", ", Keys.Select(k => "b." + Q(k.Name)));
        string keyJoin = string.Join(" AND ", Keys.Select(k => "t." + Q(k.Name) + " = s." + Q(k.Name)));
        string keyNotNull = string.Join(" AND ", Keys.Select(k => "s." + Q(k.Name) + " IS NOT NULL"));
        string[] exprs = Keys.Select(k => "CONVERT(nvarchar(450), s." + Q(k.Name) + ", " + k.Style + ")").ToArray();
        string rowKey = exprs.Length == 1 ? exprs[0] : "CONCAT_WS(N'|', " + string.Join(", ", exprs) + ")";
        string pack = "0x01" + NL + "        + " + string.Join(NL + "        + ", Inputs.Select(i => PackExpression("s." + Q(i.Name), i.Kind, TextChars)));

        string createTarget = "CREATE TABLE " + target + " (" + keyDecl + ", ModelVersionId int NOT NULL, PredictedLabel nvarchar(400) NULL, "
            + "Score real NULL, Probability real NULL, PredictedClass int NULL, ScoringRunId bigint NOT NULL, ScoredAt datetime2(3) NOT NULL, "
            + "PRIMARY KEY (ModelVersionId, " + keyList + "));";
        string addBatchKeys = "ALTER TABLE #Batch ADD " + keyDecl + ";";
        string selectBatch = "INSERT #Batch (" + keyList + ", RowKey, Inputs)" + NL
            + "SELECT TOP (@BatchSize) " + keyListS + ", " + rowKey + "," + NL + "    " + pack + NL
            + "FROM " + source + " AS s" + NL
            + "WHERE " + keyNotNull + NL
            + "  AND NOT EXISTS (SELECT 1 FROM " + target + " AS t WHERE t.ModelVersionId = @ModelVersionId AND " + keyJoin + ")" + NL
            + "ORDER BY " + keyListS + ";";
        string insertTarget = "INSERT " + target + " (" + keyList + ", ModelVersionId, PredictedLabel, Score, Probability, PredictedClass, ScoringRunId, ScoredAt)" + NL
            + "SELECT " + keyListB + ", @ModelVersionId, r.PredictedLabel, r.Score, r.Probability, r.PredictedClass, @ScoringRunId, @Now" + NL
            + "FROM #Batch AS b JOIN #Result AS r ON r.BatchRowId = b.BatchRowId;";
        string countDone = "SELECT @Done = COUNT_BIG(*) FROM " + target + " WHERE ModelVersionId = @ModelVersionId;";
        yield return new object[] { "CreateTarget", createTarget };
        yield return new object[] { "AddBatchKeys", addBatchKeys };
        yield return new object[] { "SelectBatch", selectBatch };
        yield return new object[] { "InsertTarget", insertTarget };
        yield return new object[] { "CountDone", countDone };
    }

    [Theory]
    [MemberData(nameof(ScoreTableStatements))]
    public void ScoreTable_builds_statements_that_parse(string name, string sql)
    {
        SqlScriptParseTests.AssertParses(sql, name + ":\n" + sql);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void CreatePredictFunction_builds_a_function_that_parses(bool pinned)
    {
        string[] parameters = { "@Age", "@Plan_Type", "@IsSenior" };
        string parameterList = string.Join("," + NL + "    ", Inputs.Select((i, k) => parameters[k] + " " + (i.Kind == 1 ? "float" : i.Kind == 3 ? "bit" : "nvarchar(" + TextChars + ")")));
        string pack = string.Join(NL + "            + ", Inputs.Select((i, k) => PackExpression(parameters[k], i.Kind, TextChars)));
        string where = pinned ? "v.ModelVersionId = 7" : "v.ModelVersionId = (SELECT a.ModelVersionId FROM scoring.ModelAlias AS a WHERE a.ModelId = 3 AND a.AliasName = N'production')";
        string functionName = pinned ? "Predict_churn_v2" : "Predict_churn";
        string sql = "-- DbScoring version: 0.1.0" + NL
            + "-- Generated by scoring.CreatePredictFunction for model churn alias production. Do not edit: regenerate." + NL
            + "CREATE OR ALTER FUNCTION scoring." + Q(functionName) + NL + "(" + NL + "    " + parameterList + NL + ")" + NL
            + "RETURNS TABLE" + NL + "AS" + NL + "RETURN" + NL
            + "SELECT p.PredictedLabel, p.Score, p.Probability, p.PredictedClass, v.ModelVersionId, v.VersionNumber" + NL
            + "FROM scoring.ModelVersion AS v" + NL
            + "CROSS APPLY scoring.Private_PredictRow(" + NL
            + "        CASE WHEN v.InputSignature = 0x" + new string('A', 64)
            + " THEN v.ModelVersionId ELSE CONVERT(int, N'scoring." + functionName + " was generated for other model inputs: run scoring.CreatePredictFunction again.') END," + NL
            + "        v.BlobSha256, v.ModelBlob," + NL
            + "        0x01" + NL + "            + " + pack + ") AS p" + NL
            + "WHERE " + where + ";" + NL;
        SqlScriptParseTests.AssertParses(sql, sql);
    }

    [Fact]
    public void The_packed_row_fits_in_varbinary_8000_at_the_chosen_text_length()
    {
        // scoring.Private_TextChars: (7999 - 9 * others - 3 * texts) / (2 * texts), at most 4000.
        int others = Inputs.Count(i => i.Kind != 2), texts = Inputs.Count(i => i.Kind == 2);
        int chars = System.Math.Min(4000, (7999 - 9 * others - 3 * texts) / (2 * texts));
        Assert.Equal(TextChars, chars);
        Assert.True(1 + 9 * others + texts * (3 + 2 * chars) <= 8000);
    }
}
