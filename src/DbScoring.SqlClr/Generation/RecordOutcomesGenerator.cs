using System.Collections.Generic;
using System.Globalization;

namespace DbScoring.SqlClr.Generation;

/// <summary>
/// The statement scoring.RecordOutcomes runs to stage the outcomes of a table or view: the key columns become the row-key
/// text ScoreTable logs (<see cref="ScoreTableGenerator.RowKeyExpression"/>, one place for that rule), the actual column
/// text, the observed-at column a UTC datetime2(3). Built from catalog facts as JSON: <c>source {schema, name}</c>,
/// <c>keyColumns</c>, <c>actualColumn</c>, <c>observedAtColumn</c> (or null), <c>sourceColumns</c>.
/// </summary>
/// <remarks>
/// The statement inserts into <c>#Outcomes (RowKey nvarchar(450), Actual nvarchar(400), ObservedAt datetime2(3))</c>, created by
/// the procedure; the procedure then checks and records the staged rows itself (the caller cannot write scoring.Outcome).
/// </remarks>
internal static class RecordOutcomesGenerator
{
    /// <summary>Generator name passed to scoring.Private_GenerateStatements.</summary>
    internal const string Name = "RecordOutcomes";

    /// <summary>Statement: stage the source's outcomes (rows with a NULL key column are left out, as ScoreTable leaves them).</summary>
    internal const string StageOutcomes = "StageOutcomes";

    /// <summary>Most characters of scoring.Outcome.Actual.</summary>
    internal const int ActualChars = 400;

    /// <summary>Builds the statement, or the problems that prevent it.</summary>
    internal static GeneratedSql Generate(JsonValue facts)
    {
        var output = new GeneratedSql();
        string source = SqlText.Quote(facts["source"]["schema"].AsString() ?? string.Empty, facts["source"]["name"].AsString() ?? string.Empty);
        List<ColumnFacts> sourceColumns = ColumnFacts.ListFrom(facts["sourceColumns"]);
        List<ColumnFacts> keys = ScoreTableGenerator.ResolveKeys(facts["keyColumns"].AsString(), source, sourceColumns, output, reservedNames: new string[0]);
        ColumnFacts? actual = Column(facts["actualColumn"].AsString(), "@ActualColumn", source, sourceColumns, required: true, output);
        ColumnFacts? observedAt = Column(facts["observedAtColumn"].AsString(), "@ObservedAtColumn", source, sourceColumns, required: false, output);
        actual?.RefuseIfMasked("@ActualColumn", source, output);
        observedAt?.RefuseIfMasked("@ObservedAtColumn", source, output);
        if (actual is not null && !IsActualType(actual))
        {
            output.Problem("The value for the parameter @ActualColumn is not supported. Column " + SqlText.Quote(actual.Name) + " is " + actual.Declaration(false)
                + "; give a column of text, a number or bit (the actual label or value).");
        }

        if (observedAt is not null && (observedAt.KeyStyle != 126 || observedAt.Type == "time"))
        {
            output.Problem("The value for the parameter @ObservedAtColumn is not supported. Column " + SqlText.Quote(observedAt.Name) + " is "
                + observedAt.Declaration(false) + "; give a date or date-and-time column.");
        }

        if (output.HasProblems)
        {
            return output;
        }

        string nl = SqlText.NewLine;
        var notNull = new List<string>();
        foreach (ColumnFacts k in keys)
        {
            notNull.Add("s." + SqlText.Quote(k.Name) + " IS NOT NULL");
        }

        output.Statement(StageOutcomes,
            "INSERT #Outcomes (RowKey, Actual, ObservedAt)" + nl
            + "SELECT " + ScoreTableGenerator.RowKeyExpression(keys, ScoreTableGenerator.RowKeyChars) + "," + nl
            + "       " + ActualText(actual!) + "," + nl
            + "       " + ObservedAtValue(observedAt) + nl
            + "FROM " + source + " AS s" + nl
            + "WHERE " + SqlText.Join(" AND ", notNull) + ";");
        return output;
    }

    private static ColumnFacts? Column(string? name, string parameter, string source, List<ColumnFacts> columns, bool required, GeneratedSql output)
    {
        if (name is null || name.Trim().Length == 0)
        {
            if (required)
            {
                output.Problem("The value for the parameter " + parameter + " is not supported. Give the column of " + source + " with the actual outcome.");
            }

            return null;
        }

        ColumnFacts? column = ColumnFacts.Find(columns, name);
        if (column is null)
        {
            output.Problem("The value for the parameter " + parameter + " is not supported. " + source + " has no column " + SqlText.Quote(name) + ".");
        }

        return column;
    }

    private static bool IsActualType(ColumnFacts column) =>
        column.IsCharacter || column.IsInteger || column.Type is "bit" or "decimal" or "numeric" or "real" or "float" or "money" or "smallmoney";

    /// <summary>The actual as text: floats with 17 digits (style 3, as row keys), other types as CONVERT writes them.</summary>
    private static string ActualText(ColumnFacts column)
    {
        string value = "s." + SqlText.Quote(column.Name);
        return column.Type is "real" or "float"
            ? "CONVERT(nvarchar(" + ActualChars.ToString(CultureInfo.InvariantCulture) + "), " + value + ", 3)"
            : "CONVERT(nvarchar(" + ActualChars.ToString(CultureInfo.InvariantCulture) + "), " + value + ")";
    }

    /// <summary>The observed-at time as UTC datetime2(3) (a datetimeoffset is moved to UTC); NULL without a column.</summary>
    private static string ObservedAtValue(ColumnFacts? column)
    {
        if (column is null)
        {
            return "CONVERT(datetime2(3), NULL)";
        }

        string value = "s." + SqlText.Quote(column.Name);
        return column.Type == "datetimeoffset"
            ? "CONVERT(datetime2(3), SWITCHOFFSET(" + value + ", '+00:00'))"
            : "CONVERT(datetime2(3), " + value + ")";
    }
}
