using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text;
using DbScoring.Runtime;

namespace DbScoring.SqlClr.Generation;

/// <summary>
/// The text of a typed per-row prediction function <c>scoring.Predict_&lt;model&gt;[_&lt;alias&gt;|_v&lt;N&gt;]</c>, built for
/// scoring.CreatePredictFunction from the model version's inputs: one parameter per input (float, nvarchar(n) or bit).
/// </summary>
/// <remarks>
/// Facts (JSON): <c>model, alias, version</c> (one of alias/version), <c>functionName, inputSignature</c> ("0x" + 64
/// hex digits), <c>dbscoringVersion, inputs</c> (scoring.Private_ModelInputs rows). The function resolves the model
/// version through scoring.Private_ResolveVersion when the query runs, so moving an alias needs no DDL; it refuses
/// (a conversion error naming itself) a version whose input signature is not the one it was generated for.
/// </remarks>
internal static class PredictFunctionGenerator
{
    /// <summary>Generator name passed to scoring.Private_GenerateStatements.</summary>
    internal const string Name = "PredictFunction";

    /// <summary>Statement: CREATE OR ALTER FUNCTION.</summary>
    internal const string CreateFunction = "CreateFunction";

    /// <summary>Statement: GRANT SELECT on the function to ScoringAnalyst.</summary>
    internal const string GrantSelect = "GrantSelect";

    /// <summary>Value: the line every generated function carries, naming its model (how CreatePredictFunction tells whose a function is).</summary>
    internal const string OwnerMarkerValue = "OwnerMarker";

    /// <summary>Value: the parameter list, for the message.</summary>
    internal const string ParametersValue = "Parameters";

    /// <summary>Statement: CREATE OR ALTER FUNCTION of the sibling scoring.Explain_&lt;...&gt; (same parameters, one row per reason).</summary>
    internal const string CreateExplainFunction = "CreateExplainFunction";

    /// <summary>Statement: GRANT SELECT on the explain function to ScoringAnalyst.</summary>
    internal const string GrantExplainSelect = "GrantExplainSelect";

    /// <summary>Value: the explain function's name in schema scoring (Explain_ + the name after Predict_).</summary>
    internal const string ExplainFunctionNameValue = "ExplainFunctionName";

    /// <summary>Builds the function text, or the problems that prevent it.</summary>
    internal static GeneratedSql Generate(JsonValue facts)
    {
        var output = new GeneratedSql();
        string model = facts["model"].AsString() ?? string.Empty;
        string? alias = facts["alias"].AsString();
        int version = facts["version"].AsInt(fallback: 0);
        string functionName = facts["functionName"].AsString() ?? string.Empty;
        string signature = facts["inputSignature"].AsString() ?? string.Empty;
        string dbscoringVersion = facts["dbscoringVersion"].AsString() ?? string.Empty;
        List<ModelInputFacts> inputs = ModelInputFacts.ListFrom(facts["inputs"]);

        if (!IsFunctionName(functionName))
        {
            output.Problem("The value for the parameter @FunctionName is not supported. Give a name that starts with Predict_ and has only letters, digits and _ (at most 128).");
        }

        // The names are written into the function's header comment, which runs as dbo: only the registry's plain names may go
        // there (a collation that compares a line end as ignorable must not let the rest of a line become a statement).
        if (!IsPlainName(model))
        {
            output.Problem("The value for the parameter @Model is not supported. Give the model's registered name: a letter, then letters, digits and _.");
        }

        if (alias != null && !IsPlainName(alias))
        {
            output.Problem("The value for the parameter @Alias is not supported. Give an alias name: a letter, then letters, digits and _.");
        }

        if (!IsBinaryLiteral(signature, 32))
        {
            output.Problem("The input signature of the model version is missing or malformed; the registry row is inconsistent.");
        }

        int textChars = ModelInputFacts.TextChars(inputs, output);
        if (output.HasProblems)
        {
            return output;
        }

        List<string> parameters = ParameterNames(inputs);
        string nl = SqlText.NewLine;
        var declarations = new List<string>();
        var packs = new List<string>();
        for (int i = 0; i < inputs.Count; i++)
        {
            string type = inputs[i].Kind switch
            {
                InputKind.Number => "float",
                InputKind.Boolean => "bit",
                _ => "nvarchar(" + textChars.ToString(CultureInfo.InvariantCulture) + ")",
            };
            declarations.Add(parameters[i] + " " + type);
            packs.Add(InputCodec.SqlPackExpression(parameters[i], inputs[i].Kind, textChars));
        }

        string quotedFunction = "scoring." + SqlText.Quote(functionName);
        string resolve = "scoring.Private_ResolveVersion(" + SqlText.Literal(model) + ", "
            + (version > 0 ? "NULL, " + version.ToString(CultureInfo.InvariantCulture) : SqlText.Literal(alias ?? "production") + ", NULL") + ")";
        string mismatch = "CONVERT(int, " + SqlText.Literal(quotedFunction.Replace("[", string.Empty).Replace("]", string.Empty)
            + " was generated for other model inputs: run scoring.CreatePredictFunction again.") + ")";
        string marker = OwnerMarker(model);
        string explainName = ExplainFunctionName(functionName);
        string quotedExplain = "scoring." + SqlText.Quote(explainName);
        string packed = "0x" + InputCodec.FormatVersion.ToString("X2", CultureInfo.InvariantCulture)
            + (packs.Count == 0 ? string.Empty : nl + "            + " + SqlText.Join(nl + "            + ", packs));
        string header = "-- DbScoring version: " + dbscoringVersion + nl
            + marker + (version > 0 ? " version " + version.ToString(CultureInfo.InvariantCulture) : " alias " + alias) + ". Do not edit: regenerate." + nl;
        string parameterList = "(" + nl + (declarations.Count == 0 ? string.Empty : "    " + SqlText.Join("," + nl + "    ", declarations) + nl) + ")" + nl;
        string versionSource = "FROM " + resolve + " AS r" + nl
            + "JOIN scoring.ModelVersion AS v ON v.ModelVersionId = r.ModelVersionId" + nl;

        output.Value(OwnerMarkerValue, marker);
        output.Value(ParametersValue, SqlText.Join(", ", declarations));
        string arguments = "        CASE WHEN v.InputSignature = " + signature + " THEN v.ModelVersionId ELSE " + mismatch + " END," + nl
            + "        v.BlobSha256, v.ModelBlob," + nl
            + "        " + packed + ") AS p;" + nl;
        output.Statement(CreateFunction,
            header
            + "CREATE OR ALTER FUNCTION " + quotedFunction + nl
            + parameterList
            + "RETURNS TABLE" + nl
            + "AS" + nl
            + "RETURN" + nl
            + "SELECT p.PredictedLabel, p.Score, p.Probability, p.PredictedClass, v.ModelVersionId, v.VersionNumber" + nl
            + versionSource
            + "CROSS APPLY scoring.Private_PredictRow(" + nl
            + arguments);
        output.Statement(GrantSelect, "GRANT SELECT ON " + quotedFunction + " TO ScoringAnalyst;");

        // The sibling: the same parameters, one row per input with its contribution, strongest first (docs/explanations.md).
        output.Value(ExplainFunctionNameValue, explainName);
        output.Statement(CreateExplainFunction,
            header
            + "-- Reason codes of " + quotedFunction.Replace("[", string.Empty).Replace("]", string.Empty) + ": one row per input, strongest first; Base + SUM(Contribution) = RawScore." + nl
            + "CREATE OR ALTER FUNCTION " + quotedExplain + nl
            + parameterList
            + "RETURNS TABLE" + nl
            + "AS" + nl
            + "RETURN" + nl
            + "SELECT p.Rank, p.InputName, p.Contribution, p.Base, p.RawScore, p.ExplainedClass, p.Method, v.ModelVersionId, v.VersionNumber" + nl
            + versionSource
            + "CROSS APPLY scoring.Private_ExplainRows(" + nl
            + arguments);
        output.Statement(GrantExplainSelect, "GRANT SELECT ON " + quotedExplain + " TO ScoringAnalyst;");
        return output;
    }

    /// <summary>The explain sibling of a prediction function: Explain_ + the name after Predict_ (Predict_churn → Explain_churn).</summary>
    internal static string ExplainFunctionName(string predictFunctionName) =>
        "Explain_" + (predictFunctionName.StartsWith("Predict_", StringComparison.Ordinal) ? predictFunctionName.Substring("Predict_".Length) : predictFunctionName);

    /// <summary>The comment line naming the model a generated function belongs to (followed by " alias ..." or " version ...").</summary>
    internal static string OwnerMarker(string model) => "-- Generated by scoring.CreatePredictFunction for model " + model;

    /// <summary>
    /// Parameter names: <c>@</c> + the input name with anything but ASCII letters, digits and _ replaced by _, cut
    /// at 100 characters; names that collide get <c>_&lt;index&gt;</c>.
    /// </summary>
    internal static List<string> ParameterNames(IList<ModelInputFacts> inputs)
    {
        var clean = new List<string>();
        foreach (ModelInputFacts input in inputs)
        {
            var sb = new StringBuilder();
            foreach (char c in input.Name)
            {
                sb.Append(IsPlain(c) ? c : '_');
                if (sb.Length == 100)
                {
                    break;
                }
            }

            clean.Add(sb.Length == 0 ? "_" : sb.ToString());
        }

        var names = new List<string>();
        for (int i = 0; i < clean.Count; i++)
        {
            int same = 0;
            for (int j = 0; j < clean.Count; j++)
            {
                if (string.Equals(clean[i], clean[j], StringComparison.OrdinalIgnoreCase))
                {
                    same++;
                }
            }

            names.Add("@" + clean[i] + (same > 1 ? "_" + inputs[i].Index.ToString(CultureInfo.InvariantCulture) : string.Empty));
        }

        return names;
    }

    private static bool IsFunctionName(string name)
    {
        if (name.Length > 128 || !name.StartsWith("Predict_", StringComparison.Ordinal))
        {
            return false;
        }

        foreach (char c in name)
        {
            if (!IsPlain(c))
            {
                return false;
            }
        }

        return true;
    }

    private static bool IsPlainName(string name)
    {
        if (name.Length == 0 || name.Length > 100 || !((name[0] >= 'A' && name[0] <= 'Z') || (name[0] >= 'a' && name[0] <= 'z')))
        {
            return false;
        }

        foreach (char c in name)
        {
            if (!IsPlain(c))
            {
                return false;
            }
        }

        return true;
    }

    private static bool IsBinaryLiteral(string text, int bytes)
    {
        if (text.Length != 2 + (2 * bytes) || !text.StartsWith("0x", StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        for (int i = 2; i < text.Length; i++)
        {
            if (Uri.IsHexDigit(text[i]) == false)
            {
                return false;
            }
        }

        return true;
    }

    private static bool IsPlain(char c) => (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_';
}
