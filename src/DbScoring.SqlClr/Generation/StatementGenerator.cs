using System;

namespace DbScoring.SqlClr.Generation;

/// <summary>
/// Dispatches to the statement generators by name (the table is the dispatch: ScoreTable, PredictFunction,
/// ScoringJob, RecordOutcomes). Behind the SQL function scoring.Private_GenerateStatements; no data access, no state.
/// </summary>
internal static class StatementGenerator
{
    /// <summary>Runs generator <paramref name="generator"/> over the JSON <paramref name="facts"/>; malformed facts become a problem row.</summary>
    internal static GeneratedSql Generate(string generator, string facts)
    {
        JsonValue parsed;
        try
        {
            parsed = JsonValue.Parse(facts);
        }
        catch (FormatException ex)
        {
            var failed = new GeneratedSql();
            failed.Problem(ex.Message);
            return failed;
        }

        switch (generator)
        {
            case ScoreTableGenerator.Name:
                return ScoreTableGenerator.Generate(parsed);
            case PredictFunctionGenerator.Name:
                return PredictFunctionGenerator.Generate(parsed);
            case ScoringJobGenerator.Name:
                return ScoringJobGenerator.Generate(parsed);
            case RecordOutcomesGenerator.Name:
                return RecordOutcomesGenerator.Generate(parsed);
            default:
                var unknown = new GeneratedSql();
                unknown.Problem("Unknown statement generator '" + generator + "' (known: " + ScoreTableGenerator.Name + ", "
                    + PredictFunctionGenerator.Name + ", " + ScoringJobGenerator.Name + ", " + RecordOutcomesGenerator.Name + ").");
                return unknown;
        }
    }
}
