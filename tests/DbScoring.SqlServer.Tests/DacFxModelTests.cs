using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using Microsoft.SqlServer.Dac.Model;
using DbScoring.Testing;
using Xunit;

namespace DbScoring.SqlServer.Tests;

/// <summary>
/// Semantic validation without a server: a DacFx model (SQL Server 2022) of every object script, with the CLR
/// functions replaced by T-SQL stubs of the same signature (the .NET build of DacFx cannot hold an assembly,
/// SQL70557). Unresolved references are warnings in DacFx; here every warning fails the test.
/// </summary>
public class DacFxModelTests
{
    [Fact]
    public void The_schema_procedures_and_views_validate_with_warnings_as_errors()
    {
        using TSqlModel model = BuildModel();
        List<DacModelMessage> messages = model.Validate().Where(m => !IsSystemCatalogReference(m)).ToList();
        Assert.True(messages.Count == 0, string.Join("\n", messages.Select(m => $"{m.MessageType} {m.Prefix}{m.Number}: {m.Message}")));
    }

    [Fact]
    public void The_validation_catches_a_reference_to_a_missing_object()
    {
        using TSqlModel model = BuildModel();
        model.AddObjects("CREATE PROCEDURE scoring.Broken AS SELECT x.Nope FROM scoring.DoesNotExist AS x;");
        List<DacModelMessage> messages = model.Validate().Where(m => !IsSystemCatalogReference(m)).ToList();
        Assert.Contains(messages, m => m.Message.Contains("[scoring].[DoesNotExist]", System.StringComparison.Ordinal));
    }

    [Fact]
    public void The_model_holds_every_public_procedure_and_the_audit_tables()
    {
        using TSqlModel model = BuildModel();
        string[] procedures = model.GetObjects(DacQueryScopes.UserDefined, Procedure.TypeClass).Select(o => o.Name.ToString()).ToArray();
        foreach (string name in new[] { "AddModelVersion", "SetAlias", "RollbackAlias", "CreatePredictFunction", "ScoreTable", "CreateScoringJob" })
        {
            Assert.Contains($"[scoring].[{name}]", procedures);
        }

        string[] tables = model.GetObjects(DacQueryScopes.UserDefined, Table.TypeClass).Select(o => o.Name.ToString()).ToArray();
        foreach (string name in new[] { "Model", "ModelVersion", "ModelAlias", "ScoringRun", "PredictionLog" })
        {
            Assert.Contains($"[scoring].[{name}]", tables);
        }
    }

    [Fact]
    public void ModelAlias_is_system_versioned_with_a_history_table()
    {
        using TSqlModel model = BuildModel();
        TSqlObject alias = model.GetObjects(DacQueryScopes.UserDefined, Table.TypeClass).Single(o => o.Name.ToString() == "[scoring].[ModelAlias]");
        string[] history = alias.GetReferenced(Table.TemporalSystemVersioningHistoryTable).Select(o => o.Name.ToString()).ToArray();
        Assert.Equal(new[] { "[scoring].[ModelAliasHistory]" }, history);
    }

    /// <summary>
    /// True for an unresolved reference whose candidates are all system catalog views (sys.columns, sys.objects ...):
    /// they live in master.dacpac, which is not available from NuGet here. Every other reference must resolve.
    /// </summary>
    internal static bool IsSystemCatalogReference(DacModelMessage message)
    {
        if (message.Number is not (71501 or 71502))
        {
            return false;
        }

        int at = message.Message.IndexOf("reference to object", System.StringComparison.Ordinal);
        if (at < 0)
        {
            at = message.Message.IndexOf("following objects:", System.StringComparison.Ordinal);
        }

        if (at < 0)
        {
            return false;
        }

        MatchCollection candidates = Regex.Matches(message.Message.Substring(at), @"\[[^\]]+\]\.\[[^\]]+\]");
        return candidates.Count > 0 && candidates.All(c => c.Value.StartsWith("[sys].", System.StringComparison.Ordinal));
    }

    internal static TSqlModel BuildModel()
    {
        var model = new TSqlModel(SqlServerVersion.Sql160, new TSqlModelOptions());
        foreach (string path in Repo.InstallerScripts())
        {
            string relative = Repo.Relative(path);
            if (relative.StartsWith("Install/", System.StringComparison.Ordinal) || relative.StartsWith("Upgrades/", System.StringComparison.Ordinal))
            {
                continue; // installer batches (preconditions, upgrades, summary) are not schema objects
            }

            string text = File.ReadAllText(path);
            if (relative.StartsWith("ClrFunctions/", System.StringComparison.Ordinal))
            {
                text = ClrStub(text);
            }

            // DacFx 170.5.96 rejects CREATE OR ALTER PROCEDURE bodies that declare a table variable (SQL70501, "DML
            // statements cannot be modeled"), while CREATE PROCEDURE with the same body is accepted: the model is the same.
            text = Regex.Replace(text, @"\bCREATE\s+OR\s+ALTER\b", "CREATE", RegexOptions.IgnoreCase);
            if (relative.StartsWith("Security/", System.StringComparison.Ordinal))
            {
                // Permission statements: the model takes one per batch.
                foreach (string statement in Regex.Split(text, @"(?m)^(?=GRANT|DENY)").Where(s => s.TrimStart().StartsWith("GRANT") || s.TrimStart().StartsWith("DENY")))
                {
                    model.AddObjects(statement);
                }

                continue;
            }

            model.AddObjects(text);
        }

        return model;
    }

    /// <summary>Replaces <c>AS EXTERNAL NAME</c> with a T-SQL body of the same signature.</summary>
    internal static string ClrStub(string text)
    {
        var external = new Regex(@"WITH\s+EXECUTE\s+AS\s+CALLER\s+AS\s+EXTERNAL\s+NAME\s+[^;]+;", RegexOptions.IgnoreCase);
        Assert.Matches(external, text);
        var table = new Regex(@"RETURNS\s+TABLE\s*\(", RegexOptions.IgnoreCase);
        if (table.IsMatch(text))
        {
            text = table.Replace(text, "RETURNS @Result TABLE (", 1);
            return external.Replace(text, "AS\nBEGIN\n    RETURN;\nEND;");
        }

        return external.Replace(text, "AS\nBEGIN\n    RETURN NULL;\nEND;");
    }
}
