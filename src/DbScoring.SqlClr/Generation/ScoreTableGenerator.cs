using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text;
using DbScoring.Runtime;

namespace DbScoring.SqlClr.Generation;

/// <summary>
/// The statements scoring.ScoreTable executes, built from catalog facts the procedure collects as JSON.
/// The procedure keeps the catalog queries, the parameter checks and the execution; everything that depends on
/// the columns — which column feeds which input, key types, collations, packing, byte offsets — is decided here,
/// where tests run it for many table shapes and validate the text with DacFx.
/// </summary>
/// <remarks>
/// Facts (JSON): <c>source {schema, name, type}</c>, <c>target {schema, name, exists}</c>, <c>keyColumns</c> (the
/// @KeyColumns text), <c>inputColumns</c> (the @InputColumns text or null), <c>sourceColumns</c> and
/// <c>targetColumns</c> (arrays of scoring.Private_Columns rows), <c>inputs</c> (scoring.Private_ModelInputs rows),
/// <c>explain</c> (the @Explain reason count, 0 or absent for none); <c>shadowInputs</c>, <c>splitInputs</c>, <c>fallbackInputs</c>
/// for the run's other versions (ScoreTableGenerator.Champions.cs).
/// A run works on these temporary tables, created by the procedure (they must outlive each sp_executesql):
/// <c>#Pending (RowNumber bigint IDENTITY PRIMARY KEY, RowKey nvarchar(450), Inputs varbinary(8000))</c> plus the
/// key columns that <see cref="AddPendingKeys"/> adds; <c>#Scored (RowNumber, Packed)</c>; <c>#Result</c>;
/// <c>#InputFlagCounts</c>. Keys are staged once per run in key order (one anti-join pass over source and target),
/// then scored in RowNumber ranges, so the cost of a run grows linearly with its rows.
/// </remarks>
internal static partial class ScoreTableGenerator
{
    /// <summary>Generator name passed to scoring.Private_GenerateStatements.</summary>
    internal const string Name = "ScoreTable";

    /// <summary>Statement: create the target table (only when it does not exist).</summary>
    internal const string CreateTarget = "CreateTarget";

    /// <summary>Statement: add the key columns, with the source's types and collations, to #Pending.</summary>
    internal const string AddPendingKeys = "AddPendingKeys";

    /// <summary>Statement (only when a key's text may exceed RowKey): find a key whose text is longer than 450 characters.</summary>
    internal const string CheckKeyLength = "CheckKeyLength";

    /// <summary>
    /// Statement: stage the keys, row keys and packed inputs of the rows not yet scored, in key order. WITH TIES: a key
    /// repeated across the @MaxBatches cut is staged whole, so the duplicate check sees it instead of a later run skipping it.
    /// </summary>
    internal const string StagePending = "StagePending";

    /// <summary>Statement: find a key value that occurs more than once among the staged rows.</summary>
    internal const string CheckDuplicateKeys = "CheckDuplicateKeys";

    /// <summary>Statement: count the rows the target holds already for this version.</summary>
    internal const string CountDone = "CountDone";

    /// <summary>Statement: unpack the batch's packed predictions from #Scored into #Result.</summary>
    internal const string ReadResults = "ReadResults";

    /// <summary>Statement (only when the model has inputs): count the batch's input flags per input into #InputFlagCounts.</summary>
    internal const string CountInputFlags = "CountInputFlags";

    /// <summary>Statement: insert the batch's results into the target.</summary>
    internal const string InsertTarget = "InsertTarget";

    /// <summary>
    /// Statement: take a shared table lock on the target, held to the end of the batch's transaction. CREATE TRIGGER and
    /// ENABLE TRIGGER need a schema modification lock, which waits for it, so the procedure's trigger check that follows
    /// stays true until the batch's DELETE and INSERT (run with the caller's rights) have committed.
    /// </summary>
    internal const string HoldTarget = "HoldTarget";

    /// <summary>Statement (only for an existing target made before per-row status): add the <see cref="StatusColumns"/> it lacks.</summary>
    internal const string UpgradeTarget = "UpgradeTarget";

    /// <summary>Value: the quoted key column list (recorded in scoring.ScoringRun.KeyColumns).</summary>
    internal const string KeyListValue = "KeyColumns";

    /// <summary>Value: which column feeds each input, one line per input (printed by dry runs and recorded by jobs).</summary>
    internal const string InputMapValue = "InputMap";

    /// <summary>Value: characters kept per text input.</summary>
    internal const string TextCharsValue = "TextChars";

    /// <summary>Most characters of scoring.PredictionLog.RowKey and #Pending.RowKey.</summary>
    internal const int RowKeyChars = 450;

    /// <summary>Most bytes of an index key (the target's primary key).</summary>
    internal const int MaxIndexKeyBytes = 900;

    /// <summary>Columns ScoreTable adds to the target or uses in #Pending: a key column cannot have these names.</summary>
    internal static readonly string[] ReservedNames =
    {
        "ModelVersionId", "PredictedLabel", "Score", "Probability", "PredictedClass", "ScoringRunId", "ScoredAt", "RowNumber", "RowKey", "Inputs",
        "Status", "Reason",
    };

    /// <summary>The result columns of a target, after its key columns, with their declarations.</summary>
    internal static readonly string[] TargetColumns =
    {
        "ModelVersionId int NOT NULL", "PredictedLabel nvarchar(400) NULL", "Score real NULL", "Probability real NULL",
        "PredictedClass int NULL", "ScoringRunId bigint NOT NULL", "ScoredAt datetime2(3) NOT NULL",
    };

    /// <summary>
    /// The per-row status columns of a target, after <see cref="TargetColumns"/> — the embedded store's names and values:
    /// Status 'Scored', 'Fallback' (scored by the @Fallback version) or 'Refused' (no prediction; the next run tries the row
    /// again), Reason why the primary could not score the row. A target made before them gets them on its next run
    /// (<see cref="UpgradeTarget"/>; the rows it holds were all scored, hence the default).
    /// </summary>
    internal static readonly string[] StatusColumns =
    {
        "Status varchar(10) NOT NULL DEFAULT ('Scored') CHECK (Status IN ('Scored', 'Fallback', 'Refused'))", "Reason nvarchar(2000) NULL",
    };

    /// <summary>Builds the statements, or the problems that prevent them.</summary>
    internal static GeneratedSql Generate(JsonValue facts)
    {
        var output = new GeneratedSql();
        string source = SqlText.Quote(facts["source"]["schema"].AsString() ?? string.Empty, facts["source"]["name"].AsString() ?? string.Empty);
        string target = SqlText.Quote(facts["target"]["schema"].AsString() ?? string.Empty, facts["target"]["name"].AsString() ?? string.Empty);
        bool targetExists = facts["target"]["exists"].AsBool();
        List<ColumnFacts> sourceColumns = ColumnFacts.ListFrom(facts["sourceColumns"]);
        List<ColumnFacts> targetColumns = ColumnFacts.ListFrom(facts["targetColumns"]);
        List<ModelInputFacts> inputs = ModelInputFacts.ListFrom(facts["inputs"]);

        List<ColumnFacts> keys = ResolveKeys(facts["keyColumns"].AsString(), source, sourceColumns, output, ReservedNames);
        CheckTarget(target, targetExists, keys, targetColumns, output);
        List<ColumnFacts?> feeds = MapInputs(facts["inputColumns"].AsString(), source, sourceColumns, inputs, output);
        int textChars = ModelInputFacts.TextChars(inputs, NumbersAsText(inputs, feeds), output);
        List<OtherVersion> others = MapOtherVersions(facts, source, sourceColumns, output);
        bool split = facts["splitInputs"].Kind == JsonKind.Array;
        int explain = ExplainCount(facts, output);
        CheckReasonColumns(target, targetExists, keys, targetColumns, explain, output);
        if (output.HasProblems)
        {
            return output;
        }

        var quotedKeys = new List<string>();
        foreach (ColumnFacts k in keys)
        {
            quotedKeys.Add(SqlText.Quote(k.Name));
        }

        output.Value(KeyListValue, SqlText.Join(", ", quotedKeys));
        output.Value(InputMapValue, DescribeMap(inputs, feeds));
        output.Value(TextCharsValue, textChars.ToString(CultureInfo.InvariantCulture));

        string keyList = SqlText.Join(", ", quotedKeys);
        string keysOfS = Prefixed("s.", quotedKeys, ", ");
        string keysOfP = Prefixed("p.", quotedKeys, ", ");
        string nl = SqlText.NewLine;

        if (!targetExists)
        {
            output.Statement(CreateTarget,
                "CREATE TABLE " + target + nl + "(" + nl + "    " + KeyDeclarations(keys, ("," + nl + "    ")) + "," + nl
                + "    " + SqlText.Join("," + nl + "    ", TargetColumns) + "," + nl
                + "    " + SqlText.Join("," + nl + "    ", StatusColumns) + "," + nl
                + (explain > 0 ? "    " + SqlText.Join("," + nl + "    ", ReasonColumns(explain)) + "," + nl : string.Empty)
                + "    PRIMARY KEY (ModelVersionId, " + keyList + ")" + nl + ");");
        }

        List<string> lackingStatus = LackingStatusColumns(targetExists, targetColumns);
        if (lackingStatus.Count > 0)
        {
            output.Statement(UpgradeTarget, "ALTER TABLE " + target + " ADD " + SqlText.Join(", ", lackingStatus) + ";");
        }

        output.Statement(AddPendingKeys, "ALTER TABLE #Pending ADD " + KeyDeclarations(keys, ", ") + ";");

        string notNull = Prefixed("s.", quotedKeys, " IS NOT NULL AND ", " IS NOT NULL");
        if (MayExceedRowKey(keys))
        {
            output.Statement(CheckKeyLength,
                "SELECT TOP (1) @LongKey = LEFT(k.RowKey, 100), @LongKeyChars = LEN(k.RowKey + N'.') - 1" + nl
                + "FROM " + source + " AS s" + nl
                + "CROSS APPLY (SELECT RowKey = " + RowKeyExpression(keys, 4000) + ") AS k" + nl
                + "WHERE " + notNull + nl
                + "  AND LEN(k.RowKey + N'.') - 1 > " + RowKeyChars.ToString(CultureInfo.InvariantCulture) + ";",
                "@LongKey nvarchar(100) OUTPUT, @LongKeyChars int OUTPUT");
        }

        var stagedNames = new List<string> { "RowKey", "Inputs" };
        var stagedValues = new List<string> { RowKeyExpression(keys, RowKeyChars), PackRow(inputs, feeds, textChars) };
        OtherStagedColumns(others, split, keys, stagedNames, stagedValues);
        var join = new List<string>();
        foreach (string k in quotedKeys)
        {
            join.Add("t." + k + " = s." + k);
        }

        output.Statement(StagePending,
            "INSERT #Pending WITH (TABLOCK) (" + keyList + ", " + SqlText.Join(", ", stagedNames) + ")" + nl
            + "SELECT TOP (@StageRows) WITH TIES " + keysOfS + "," + nl
            + "    " + SqlText.Join("," + nl + "    ", stagedValues) + nl
            + "FROM " + source + " AS s" + nl
            + "WHERE " + notNull + nl
            + "  AND NOT EXISTS (SELECT 1 FROM " + target + " AS t WHERE " + DoneCondition + " AND " + SqlText.Join(" AND ", join) + ")" + nl
            + "ORDER BY " + keysOfS + ";",
            "@StageRows bigint, " + VersionParameters + ", @SplitModel nvarchar(100), @SplitPercent float");

        output.Statement(CheckDuplicateKeys,
            "SELECT TOP (1) @DuplicateKey = MIN(p.RowKey), @Duplicates = COUNT_BIG(*)" + nl
            + "FROM #Pending AS p" + nl
            + "GROUP BY " + keysOfP + nl
            + "HAVING COUNT_BIG(*) > 1;",
            "@DuplicateKey nvarchar(450) OUTPUT, @Duplicates bigint OUTPUT");

        output.Statement(CountDone,
            "SELECT @Done = COUNT_BIG(CASE WHEN t.Status <> 'Refused' THEN 1 END), @Refused = COUNT_BIG(CASE WHEN t.Status = 'Refused' THEN 1 END)" + nl
            + "FROM " + target + " AS t WHERE t.ModelVersionId IN (@ModelVersionId, @SplitVersionId, @FallbackVersionId);",
            VersionParameters + ", @Done bigint OUTPUT, @Refused bigint OUTPUT");

        output.Statement(ReadResults, ReadResultsStatement(inputs.Count));

        var keyJoin = new List<string>();
        foreach (string k in quotedKeys)
        {
            keyJoin.Add("p." + k + " = t." + k);
        }

        output.Statement(ClearRefused,
            "DELETE t" + nl
            + "FROM " + target + " AS t" + nl
            + "JOIN #Pending AS p ON " + SqlText.Join(" AND ", keyJoin) + nl
            + "JOIN #Result AS r ON r.RowNumber = p.RowNumber" + nl
            + "WHERE t.Status = 'Refused' AND t.ModelVersionId IN (@ModelVersionId, @SplitVersionId, @FallbackVersionId);",
            VersionParameters);

        if (inputs.Count > 0)
        {
            output.Statement(CountInputFlags, CountFlagsStatement(inputs.Count));
        }

        output.Statement(HoldTarget, "DECLARE @Held int;" + nl + "SELECT TOP (1) @Held = 1 FROM " + target + " WITH (TABLOCK, HOLDLOCK);");

        output.Statement(InsertTarget,
            "INSERT " + target + " (" + keyList + ", ModelVersionId, PredictedLabel, Score, Probability, PredictedClass, ScoringRunId, ScoredAt, Status, Reason"
            + ReasonColumnList(explain) + ")" + nl
            + "SELECT " + keysOfP + ", r.ModelVersionId, r.PredictedLabel, r.Score, r.Probability, r.PredictedClass, @ScoringRunId, @Now, r.Status, r.Reason"
            + ReasonValueList(explain) + nl
            + "FROM #Pending AS p" + nl
            + "JOIN #Result AS r ON r.RowNumber = p.RowNumber;",
            "@ModelVersionId int, @ScoringRunId bigint, @Now datetime2(3)");
        return output;
    }

    /// <summary>The key columns named in @KeyColumns, each checked (exists, once, can be a key, none of <paramref name="reservedNames"/>).</summary>
    internal static List<ColumnFacts> ResolveKeys(string? keyText, string source, List<ColumnFacts> sourceColumns, GeneratedSql output, string[] reservedNames)
    {
        var keys = new List<ColumnFacts>();
        List<string>? names = SqlText.SplitNames(keyText);
        if (names is null || names.Count == 0)
        {
            output.Problem("The value for the parameter @KeyColumns is not supported. Give the key column(s) of @Source, comma-separated "
                + "(one-part names; [brackets] around names with commas, dots or brackets).");
            return keys;
        }

        for (int i = 0; i < names.Count; i++)
        {
            for (int j = 0; j < i; j++)
            {
                if (string.Equals(names[i], names[j], StringComparison.OrdinalIgnoreCase))
                {
                    output.Problem("The value for the parameter @KeyColumns is not supported. Column " + SqlText.Quote(names[i]) + " is named twice.");
                }
            }

            ColumnFacts? column = ColumnFacts.Find(sourceColumns, names[i]);
            if (column is null)
            {
                output.Problem("The value for the parameter @KeyColumns is not supported. " + source + " has no column " + SqlText.Quote(names[i]) + ".");
                continue;
            }

            column.RefuseIfMasked("@KeyColumns", source, output);
            string? refusal = column.KeyRefusal();
            if (refusal is not null)
            {
                output.Problem("The value for the parameter @KeyColumns is not supported. Key column " + SqlText.Quote(column.Name) + " is "
                    + column.Declaration(false) + "; " + refusal + ".");
            }

            foreach (string reserved in reservedNames)
            {
                if (string.Equals(column.Name, reserved, StringComparison.OrdinalIgnoreCase))
                {
                    output.Problem("The value for the parameter @KeyColumns is not supported. Key column " + SqlText.Quote(column.Name)
                        + " has the name of a column ScoreTable adds; rename it in a view.");
                }
            }

            keys.Add(column);
        }

        return keys;
    }

    private static void CheckTarget(string target, bool exists, List<ColumnFacts> keys, List<ColumnFacts> targetColumns, GeneratedSql output)
    {
        if (!exists)
        {
            int bytes = 4;
            foreach (ColumnFacts k in keys)
            {
                bytes += k.KeyBytes;
            }

            if (bytes > MaxIndexKeyBytes)
            {
                output.Problem("The value for the parameter @KeyColumns is not supported. The key columns take up to " + bytes.ToString(CultureInfo.InvariantCulture)
                    + " bytes with ModelVersionId, more than the " + MaxIndexKeyBytes.ToString(CultureInfo.InvariantCulture)
                    + " bytes of the target's primary key; give a narrower key (a view can CAST it).");
            }

            return;
        }

        var expected = new List<string>();
        foreach (ColumnFacts k in keys)
        {
            expected.Add(k.Name);
        }

        foreach (string column in TargetColumns)
        {
            expected.Add(column.Substring(0, column.IndexOf(' ')));
        }

        foreach (string name in expected)
        {
            if (ColumnFacts.Find(targetColumns, name) is null)
            {
                output.Problem("The value for the parameter @Target is not supported. " + target + " exists but has no column " + SqlText.Quote(name) + ".");
            }
        }

        foreach (ColumnFacts k in keys)
        {
            ColumnFacts? t = ColumnFacts.Find(targetColumns, k.Name);
            if (t is not null && k.IsCharacter && t.IsCharacter && !string.Equals(k.Collation, t.Collation, StringComparison.OrdinalIgnoreCase))
            {
                output.Problem("The value for the parameter @Target is not supported. Key column " + SqlText.Quote(k.Name) + " of " + target + " has collation "
                    + (t.Collation ?? "(none)") + " but the source's has " + (k.Collation ?? "(none)")
                    + "; keys must compare alike in both. Create the target anew (ScoreTable gives it the source's collation) or score a view that COLLATEs the key.");
            }
        }
    }

    /// <summary>The declarations of the <see cref="StatusColumns"/> an existing target lacks (none for a new target).</summary>
    private static List<string> LackingStatusColumns(bool targetExists, List<ColumnFacts> targetColumns)
    {
        var lacking = new List<string>();
        foreach (string column in StatusColumns)
        {
            if (targetExists && ColumnFacts.Find(targetColumns, column.Substring(0, column.IndexOf(' '))) is null)
            {
                lacking.Add(column);
            }
        }

        return lacking;
    }

    /// <summary>How many number or boolean inputs are read from text columns (packed as text, parsed per row).</summary>
    private static int NumbersAsText(List<ModelInputFacts> inputs, List<ColumnFacts?> feeds)
    {
        int count = 0;
        for (int i = 0; i < inputs.Count; i++)
        {
            if (inputs[i].Kind != InputKind.Text && feeds[i] is { IsCharacter: true })
            {
                count++;
            }
        }

        return count;
    }

    /// <summary>
    /// The source column of each input (null: not mapped, sent as missing). <paramref name="checkMapNames"/>: a map entry that
    /// names no input of this version is a problem (not for the run's other versions, whose inputs may be fewer).
    /// </summary>
    private static List<ColumnFacts?> MapInputs(string? mapText, string source, List<ColumnFacts> sourceColumns, List<ModelInputFacts> inputs, GeneratedSql output,
                                                bool checkMapNames = true)
    {
        var feeds = new List<ColumnFacts?>();
        JsonValue? map = null;
        if (mapText is not null)
        {
            try
            {
                map = JsonValue.Parse(mapText);
            }
            catch (FormatException)
            {
                map = null;
            }

            if (map is null || map.Kind != JsonKind.Object)
            {
                output.Problem("The value for the parameter @InputColumns is not supported. Give a JSON object that maps model inputs to source columns, "
                    + "e.g. N'{\"Age\": \"AgeYears\", \"Plan\": \"Plan Code\"}'; inputs left out are sent as missing.");
                map = null;
                mapText = null;
            }
            else
            {
                foreach (KeyValuePair<string, JsonValue> entry in map.Members)
                {
                    if (checkMapNames && FindInput(inputs, entry.Key) is null)
                    {
                        output.Problem("The value for the parameter @InputColumns is not supported. The model has no input named " + SqlText.Literal(entry.Key)
                            + " (its inputs: " + InputNames(inputs) + ").");
                    }

                    if (entry.Value.Kind != JsonKind.String)
                    {
                        output.Problem("The value for the parameter @InputColumns is not supported. Input " + SqlText.Literal(entry.Key)
                            + " must map to a column name given as a JSON string.");
                    }
                }
            }
        }

        foreach (ModelInputFacts input in inputs)
        {
            ColumnFacts? column = null;
            if (map is not null)
            {
                string? columnName = MappedColumn(map, input.Name);
                if (columnName is not null)
                {
                    column = ColumnFacts.Find(sourceColumns, columnName);
                    if (column is null)
                    {
                        output.Problem("The value for the parameter @InputColumns is not supported. " + source + " has no column " + SqlText.Quote(columnName)
                            + " (mapped to model input " + input.Name + ").");
                    }
                }
            }
            else if (mapText is null)
            {
                column = ColumnFacts.Find(sourceColumns, input.Name);
                if (column is null)
                {
                    output.Problem("The value for the parameter @Source is not supported. " + source + " has no column for the model input " + input.Name
                        + " (columns are matched by name; @InputColumns maps other names).");
                }
            }

            column?.RefuseIfMasked(map is not null ? "@InputColumns" : "@Source", source, output);
            if (column is not null && !column.CanFeed(input.Kind))
            {
                output.Problem("The value for the parameter @Source is not supported. Column " + SqlText.Quote(column.Name) + " is " + column.Declaration(false)
                    + " but model input " + input.Name + " takes " + KindText(input.Kind) + ".");
            }

            feeds.Add(column);
        }

        return feeds;
    }

    private static string? MappedColumn(JsonValue map, string inputName)
    {
        string? caseless = null;
        foreach (KeyValuePair<string, JsonValue> entry in map.Members)
        {
            if (string.Equals(entry.Key, inputName, StringComparison.Ordinal))
            {
                return entry.Value.AsString();
            }

            if (caseless is null && string.Equals(entry.Key, inputName, StringComparison.OrdinalIgnoreCase))
            {
                caseless = entry.Value.AsString();
            }
        }

        return caseless;
    }

    private static ModelInputFacts? FindInput(List<ModelInputFacts> inputs, string name)
    {
        foreach (ModelInputFacts input in inputs)
        {
            if (string.Equals(input.Name, name, StringComparison.OrdinalIgnoreCase))
            {
                return input;
            }
        }

        return null;
    }

    private static string InputNames(List<ModelInputFacts> inputs)
    {
        var names = new List<string>();
        foreach (ModelInputFacts input in inputs)
        {
            names.Add(input.Name);
            if (names.Count == 20 && inputs.Count > 21)
            {
                names.Add("... " + (inputs.Count - 20).ToString(CultureInfo.InvariantCulture) + " more");
                break;
            }
        }

        return SqlText.Join(", ", names);
    }

    private static string KindText(InputKind kind) => kind switch
    {
        InputKind.Number => "a number (numeric types or bit)",
        InputKind.Text => "text (char, varchar, nchar, nvarchar or an integer type)",
        _ => "a boolean (bit or an integer type)",
    };

    private static string DescribeMap(List<ModelInputFacts> inputs, List<ColumnFacts?> feeds)
    {
        var lines = new List<string>();
        for (int i = 0; i < inputs.Count; i++)
        {
            lines.Add(inputs[i].Name + " <- " + (feeds[i] is null ? "(not mapped: sent as missing, not read)" : SqlText.Quote(feeds[i]!.Name)));
        }

        return SqlText.Join(SqlText.NewLine, lines);
    }

    /// <summary>One packed field: the column's value, trimmed of trailing spaces for char/nchar text (SQL compares them so).</summary>
    private static string PackField(ModelInputFacts input, ColumnFacts? column, int textChars)
    {
        if (column is null)
        {
            return InputCodec.SqlMissingField;
        }

        string value = "s." + SqlText.Quote(column.Name);
        if (column.IsFixedLengthCharacter)
        {
            value = "RTRIM(" + value + ")";
        }

        // A text column feeding a number or boolean input travels as text, parsed per row by the model's version.
        return input.Kind != InputKind.Text && column.IsCharacter
            ? InputCodec.SqlPackExpression(value, InputKind.Text, NumberTextChars)
            : InputCodec.SqlPackExpression(value, input.Kind, textChars);
    }

    private static string KeyDeclarations(List<ColumnFacts> keys, string separator)
    {
        var parts = new List<string>();
        foreach (ColumnFacts k in keys)
        {
            parts.Add(SqlText.Quote(k.Name) + " " + k.Declaration(withCollation: true) + " NOT NULL");
        }

        return SqlText.Join(separator, parts);
    }

    private static bool MayExceedRowKey(List<ColumnFacts> keys)
    {
        int chars = keys.Count - 1;
        foreach (ColumnFacts k in keys)
        {
            if (k.KeyTextMaxChars < 0)
            {
                return true;
            }

            chars += k.KeyTextMaxChars;
        }

        return chars > RowKeyChars;
    }

    /// <summary>The row key as text: CONVERT with the type's style; several keys joined with '|'.</summary>
    internal static string RowKeyExpression(List<ColumnFacts> keys, int chars)
    {
        var parts = new List<string>();
        foreach (ColumnFacts k in keys)
        {
            parts.Add("CONVERT(nvarchar(" + chars.ToString(CultureInfo.InvariantCulture) + "), s." + SqlText.Quote(k.Name) + ", "
                + k.KeyStyle.ToString(CultureInfo.InvariantCulture) + ")");
        }

        return parts.Count == 1 ? parts[0] : "CONCAT_WS(N'|', " + SqlText.Join(", ", parts) + ")";
    }

    private static string CountFlagsStatement(int inputCount)
    {
        var values = new StringBuilder();
        for (int i = 0; i < inputCount; i++)
        {
            values.Append(i == 0 ? "(" : i % 20 == 0 ? "," + SqlText.NewLine + "            (" : ", (").Append(i.ToString(CultureInfo.InvariantCulture)).Append(')');
        }

        string nl = SqlText.NewLine;
        return "INSERT #InputFlagCounts (InputIndex, RowsScored, MissingValues, UnseenCategories, BelowRange, AboveRange)" + nl
            + "SELECT i.InputIndex, COUNT_BIG(*)," + nl
            + "       " + FlagSum(InputCodec.FlagMissing) + "," + nl
            + "       " + FlagSum(InputCodec.FlagUnseenCategory) + "," + nl
            + "       " + FlagSum(InputCodec.FlagBelowTrainingMin) + "," + nl
            + "       " + FlagSum(InputCodec.FlagAboveTrainingMax) + nl
            + "FROM #Result AS r" + nl
            + "CROSS JOIN (VALUES " + values + ") AS i (InputIndex)" + nl
            + "CROSS APPLY (SELECT Flag = SUBSTRING(r.Flags, i.InputIndex + 1, 1)) AS f" + nl
            + "WHERE r.Flags IS NOT NULL" + nl // only rows the run's own version scored: refused, fallback and arm B rows have no flags
            + "GROUP BY i.InputIndex;";
    }

    private static string FlagSum(byte flag) =>
        "SUM(CASE WHEN f.Flag = " + InputCodec.Hex(flag) + " THEN CONVERT(bigint, 1) ELSE 0 END)";

    private static string Prefixed(string prefix, List<string> items, string separator, string suffix = "")
    {
        var parts = new List<string>();
        foreach (string item in items)
        {
            parts.Add(prefix + item);
        }

        return SqlText.Join(separator, parts) + suffix;
    }
}
