using System.Globalization;

namespace DbScoring.SqlClr.Generation;

/// <summary>
/// The T-SQL step of a DbScoring Agent job (scoring.CreateScoringJob): one scoring.ScoreTable call with every
/// parameter as a literal, and @JobName so that ScoreTable checks the inputs approved for the job (scoring.ScoringJobApproval).
/// </summary>
/// <remarks>Facts (JSON): <c>jobName, model, alias, version, source, keyColumns, target, batchSize, logInputs, inputColumns</c>.</remarks>
internal static class ScoringJobGenerator
{
    /// <summary>Generator name passed to scoring.Private_GenerateStatements.</summary>
    internal const string Name = "ScoringJob";

    /// <summary>Statement: the job step's command.</summary>
    internal const string JobStep = "JobStep";

    /// <summary>The facts written into the step as literals, with the parameter each one is given as.</summary>
    private static readonly string[][] LiteralFacts =
    {
        new[] { "model", "@Model" }, new[] { "alias", "@Alias" }, new[] { "source", "@Source" }, new[] { "keyColumns", "@KeyColumns" },
        new[] { "target", "@Target" }, new[] { "inputColumns", "@InputColumns" }, new[] { "jobName", "@JobName" },
    };

    /// <summary>Builds the job step command.</summary>
    internal static GeneratedSql Generate(JsonValue facts)
    {
        var output = new GeneratedSql();
        // SQL Server Agent replaces $(...) tokens in a T-SQL step's text before it runs, and fails a step whose token has
        // no escape macro ("Use Tokens in Job Steps"): a name holding "$(" would make every run of the job fail.
        foreach (string[] fact in LiteralFacts)
        {
            string? text = facts[fact[0]].AsString();
            if (text != null && text.Contains("$("))
            {
                output.Problem("The value for the parameter " + fact[1] + " is not supported in a job. It contains \"$(\", which SQL Server Agent reads as a token in the job step;"
                               + " use a name without it (a view or synonym for the source, another target or job name).");
            }
        }

        if (output.HasProblems)
        {
            return output;
        }

        int version = facts["version"].AsInt(fallback: 0);
        string? alias = facts["alias"].AsString();
        string? inputColumns = facts["inputColumns"].AsString();
        string logInputs = facts["logInputs"].AsString() == "N" ? "N" : "Y";
        output.Statement(JobStep,
            "EXEC scoring.ScoreTable @Model = " + SqlText.Literal(facts["model"].AsString())
            + (version > 0 ? ", @Version = " + version.ToString(CultureInfo.InvariantCulture) : ", @Alias = " + SqlText.Literal(alias ?? "production"))
            + "," + SqlText.NewLine + "     @Source = " + SqlText.Literal(facts["source"].AsString())
            + ", @KeyColumns = " + SqlText.Literal(facts["keyColumns"].AsString())
            + ", @Target = " + SqlText.Literal(facts["target"].AsString())
            + "," + SqlText.NewLine + "     @BatchSize = " + facts["batchSize"].AsInt(100000).ToString(CultureInfo.InvariantCulture)
            + ", @LogInputs = '" + logInputs + "'"
            + (inputColumns is null ? string.Empty : ", @InputColumns = " + SqlText.Literal(inputColumns))
            + ", @JobName = " + SqlText.Literal(facts["jobName"].AsString()) + ";");
        return output;
    }
}
