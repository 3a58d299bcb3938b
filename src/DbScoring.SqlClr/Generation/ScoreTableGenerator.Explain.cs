using System;
using System.Collections.Generic;
using System.Globalization;

namespace DbScoring.SqlClr.Generation;

/// <summary>
/// ScoreTable @Explain = n: the target gets the top n reasons, <c>Reason1</c> (input name), <c>Reason1Contribution</c>,
/// … <c>ReasonN</c>, <c>ReasonNContribution</c> — the names the embedded store uses — read from the row's whole
/// explanation (scoring.Private_Explain, staged in #Scored.Explanation), which scoring.PredictionLog.Explanation keeps.
/// </summary>
internal static partial class ScoreTableGenerator
{
    /// <summary>Most reasons a target can take (two columns each).</summary>
    internal const int MaxReasons = 100;

    /// <summary>The reason columns for <paramref name="explain"/> reasons, with their declarations, in order.</summary>
    internal static List<string> ReasonColumns(int explain)
    {
        var columns = new List<string>();
        for (int i = 1; i <= explain; i++)
        {
            string n = i.ToString(CultureInfo.InvariantCulture);
            columns.Add("Reason" + n + " nvarchar(400) NULL");
            columns.Add("Reason" + n + "Contribution float NULL");
        }

        return columns;
    }

    /// <summary>Reads and checks facts.explain (0 when absent); a problem when out of range.</summary>
    private static int ExplainCount(JsonValue facts, GeneratedSql output)
    {
        JsonValue value = facts["explain"];
        int explain = value.AsInt(fallback: -1);
        if (value.Kind == JsonKind.Null)
        {
            return 0;
        }

        if (explain < 0 || explain > MaxReasons)
        {
            output.Problem("The value for the parameter @Explain is not supported. Give 0 (no reason codes) or the number of reasons to write to the target, 1 .. "
                + MaxReasons.ToString(CultureInfo.InvariantCulture) + ".");
            return 0;
        }

        return explain;
    }

    /// <summary>Key columns may not take a reason column's name; an existing target must have every reason column.</summary>
    private static void CheckReasonColumns(string target, bool targetExists, List<ColumnFacts> keys, List<ColumnFacts> targetColumns, int explain, GeneratedSql output)
    {
        foreach (string column in ReasonColumns(explain))
        {
            string name = column.Substring(0, column.IndexOf(' '));
            foreach (ColumnFacts k in keys)
            {
                if (string.Equals(k.Name, name, StringComparison.OrdinalIgnoreCase))
                {
                    output.Problem("The value for the parameter @KeyColumns is not supported. Key column " + SqlText.Quote(k.Name)
                        + " has the name of a reason column ScoreTable adds with @Explain; rename it in a view.");
                }
            }

            if (targetExists && ColumnFacts.Find(targetColumns, name) is null)
            {
                output.Problem("The value for the parameter @Target is not supported. " + target + " exists but has no column " + SqlText.Quote(name)
                    + " for @Explain; add the reason columns (" + column + ", ...) or score into a new target.");
            }
        }
    }

    /// <summary>", Reason1, Reason1Contribution, ..." for the target's column list; empty without reasons.</summary>
    private static string ReasonColumnList(int explain)
    {
        string list = string.Empty;
        foreach (string column in ReasonColumns(explain))
        {
            list += ", " + column.Substring(0, column.IndexOf(' '));
        }

        return list;
    }

    /// <summary>The values of <see cref="ReasonColumnList"/> read from r.Explanation: reason i is contribution i − 1 (strongest first).</summary>
    private static string ReasonValueList(int explain)
    {
        string list = string.Empty;
        for (int i = 0; i < explain; i++)
        {
            string path = "'$.contributions[" + i.ToString(CultureInfo.InvariantCulture) + "].";
            list += "," + SqlText.NewLine + "       CONVERT(nvarchar(400), JSON_VALUE(r.Explanation, " + path + "input'))"
                + ", TRY_CONVERT(float, JSON_VALUE(r.Explanation, " + path + "contribution'))";
        }

        return list;
    }
}
