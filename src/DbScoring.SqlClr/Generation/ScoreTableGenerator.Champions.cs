using System;
using System.Collections.Generic;
using System.Globalization;
using DbScoring.Runtime;

namespace DbScoring.SqlClr.Generation;

/// <summary>
/// ScoreTable @Shadow, @Split and @Fallback (docs/monitoring.md): the other versions of a run may take other inputs, so
/// each gets its own packed inputs in #Pending (ShadowInputs, SplitInputs, FallbackInputs), mapped to source columns by the
/// same rules as the primary's; with @Split, each staged row gets its Arm from scoring.Private_SplitArm (the embedded
/// store's rule). Facts: <c>shadowInputs</c>, <c>splitInputs</c>, <c>fallbackInputs</c> (scoring.Private_ModelInputs rows of
/// that version; absent or null when the run has none).
/// </summary>
internal static partial class ScoreTableGenerator
{
    /// <summary>Statement: delete the target rows of the batch's keys that an earlier run refused (they are scored again now).</summary>
    internal const string ClearRefused = "ClearRefused";

    /// <summary>The statement parameters that name the run's versions (NULL for a role the run does not use).</summary>
    internal const string VersionParameters = "@ModelVersionId int, @SplitVersionId int, @FallbackVersionId int";

    /// <summary>The target rows the run's versions hold already, except refused ones (every run tries those again).</summary>
    internal const string DoneCondition = "t.ModelVersionId IN (@ModelVersionId, @SplitVersionId, @FallbackVersionId) AND t.Status <> 'Refused'";

    /// <summary>Characters a text column keeps for a number or boolean input (a longer text is not a number: refused per row).</summary>
    internal const int NumberTextChars = InputCodec.MaxNumberTextChars + 1;

    /// <summary>One other version of the run: the ScoreTable parameter that names it, its #Pending column and its packing.</summary>
    private sealed class OtherVersion
    {
        internal OtherVersion(string parameter, string column, List<ModelInputFacts> inputs)
        {
            Parameter = parameter;
            Column = column;
            Inputs = inputs;
        }

        internal string Parameter { get; }

        internal string Column { get; }

        internal List<ModelInputFacts> Inputs { get; }

        internal List<ColumnFacts?> Feeds { get; set; } = new List<ColumnFacts?>();

        internal int TextChars { get; set; }
    }

    /// <summary>The run's other versions named in the facts, each mapped to source columns; their problems named by parameter.</summary>
    private static List<OtherVersion> MapOtherVersions(JsonValue facts, string source, List<ColumnFacts> sourceColumns, GeneratedSql output)
    {
        var others = new List<OtherVersion>();
        string[] parameters = { "@Shadow", "@Split", "@Fallback" };
        string[] keys = { "shadowInputs", "splitInputs", "fallbackInputs" };
        string[] columns = { "ShadowInputs", "SplitInputs", "FallbackInputs" };
        for (int i = 0; i < parameters.Length; i++)
        {
            JsonValue inputs = facts[keys[i]];
            if (inputs.Kind != JsonKind.Array)
            {
                continue;
            }

            var other = new OtherVersion(parameters[i], columns[i], ModelInputFacts.ListFrom(inputs));
            var own = new GeneratedSql();
            other.Feeds = MapInputs(facts["inputColumns"].AsString(), source, sourceColumns, other.Inputs, own, checkMapNames: false);
            other.TextChars = ModelInputFacts.TextChars(other.Inputs, NumbersAsText(other.Inputs, other.Feeds), own);
            foreach (string problem in own.Problems())
            {
                output.Problem("The value for the parameter " + other.Parameter + " is not supported. Its version's inputs: " + problem);
            }

            others.Add(other);
        }

        return others;
    }

    /// <summary>The staged column list and values the other versions add to StagePending (empty without them).</summary>
    private static void OtherStagedColumns(List<OtherVersion> others, bool split, List<ColumnFacts> keys, List<string> names, List<string> values)
    {
        if (split)
        {
            names.Add("Arm");
            values.Add("scoring.Private_SplitArm(@SplitModel, " + RowKeyExpression(keys, RowKeyChars) + ", @SplitPercent)");
        }

        foreach (OtherVersion other in others)
        {
            names.Add(other.Column);
            values.Add(PackRow(other.Inputs, other.Feeds, other.TextChars));
        }
    }

    /// <summary>The packed input row of a version: the format version byte, then one field per input.</summary>
    private static string PackRow(List<ModelInputFacts> inputs, List<ColumnFacts?> feeds, int textChars)
    {
        string nl = SqlText.NewLine;
        var packs = new List<string>();
        for (int i = 0; i < inputs.Count; i++)
        {
            packs.Add(PackField(inputs[i], feeds[i], textChars));
        }

        return "0x" + InputCodec.FormatVersion.ToString("X2", CultureInfo.InvariantCulture)
            + (packs.Count == 0 ? string.Empty : nl + "        + " + SqlText.Join(nl + "        + ", packs));
    }

    /// <summary>
    /// The ReadResults statement: per row, which version's outcome counts — the primary's (or the split arm's) when it scored,
    /// else the fallback's — with Status and Reason as the embedded store writes them, the input flags of rows the primary
    /// version scored (the run's input statistics), and the shadow's outcome beside it.
    /// </summary>
    private static string ReadResultsStatement(int inputCount)
    {
        string nl = SqlText.NewLine;
        string ok = PredictionCodec.SqlIsPrediction("s.Packed");
        string fallbackOk = PredictionCodec.SqlIsPrediction("s.FallbackPacked");
        string shadowOk = PredictionCodec.SqlIsPrediction("s.ShadowPacked");
        string reason = PredictionCodec.SqlRefusalReason("s.Packed");
        return "INSERT #Result WITH (TABLOCK) (RowNumber, Arm, ModelVersionId, Status, Reason, PredictedClass, PredictedLabel, Score, Probability, Flags, Explanation," + nl
            + "                               ShadowStatus, ShadowReason, ShadowPredictedClass, ShadowPredictedLabel, ShadowScore, ShadowProbability)" + nl
            + "SELECT s.RowNumber, s.Arm," + nl
            + "       CASE WHEN " + ok + " THEN s.VersionId WHEN " + fallbackOk + " THEN s.FallbackVersionId ELSE s.VersionId END," + nl
            + "       CASE WHEN " + ok + " THEN 'Scored' WHEN " + fallbackOk + " THEN 'Fallback' ELSE 'Refused' END," + nl
            + "       CASE WHEN " + ok + " THEN NULL WHEN s.FallbackPacked IS NULL OR " + fallbackOk + " THEN " + reason + nl
            + "            ELSE LEFT(" + reason + " + N' Fallback: ' + " + PredictionCodec.SqlRefusalReason("s.FallbackPacked") + ", "
            + PredictionCodec.MaxReasonChars.ToString(CultureInfo.InvariantCulture) + ") END," + nl
            + "       " + PredictionCodec.SqlPredictionColumns("c.Packed", string.Empty) + "," + nl
            + "       Flags = CASE WHEN " + ok + " AND ISNULL(s.Arm, 'A') = 'A' THEN " + PredictionCodec.SqlFlags("s.Packed", inputCount) + " END," + nl
            + "       s.Explanation," + nl
            + "       CASE WHEN s.ShadowPacked IS NULL THEN NULL WHEN " + shadowOk + " THEN 'Scored' ELSE 'Refused' END," + nl
            + "       " + PredictionCodec.SqlRefusalReason("s.ShadowPacked") + "," + nl
            + "       " + PredictionCodec.SqlPredictionColumns("h.Packed", "Shadow") + nl
            + "FROM #Scored AS s" + nl
            + "CROSS APPLY (SELECT Packed = CASE WHEN " + ok + " THEN s.Packed WHEN " + fallbackOk + " THEN s.FallbackPacked END) AS c" + nl
            + "CROSS APPLY (SELECT Packed = CASE WHEN " + shadowOk + " THEN s.ShadowPacked END) AS h;";
    }
}
