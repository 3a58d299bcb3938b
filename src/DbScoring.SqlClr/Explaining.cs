using DbScoring.Runtime;
using DbScoring.Runtime.Explanations;

namespace DbScoring.SqlClr;

/// <summary>
/// Plain C# behind the SQL explanation entry points: reason codes for one packed row with a cached model, in the one
/// JSON shape every store writes (<see cref="ExplanationJson"/>) or as one row per input for T-SQL.
/// </summary>
internal static class Explaining
{
    /// <summary>The explanation of one packed input row as JSON, with its <paramref name="top"/> strongest contributions (all when ≤ 0).</summary>
    /// <exception cref="ExplanationUnavailableException">The model cannot be explained (the message says why and what to do).</exception>
    internal static string ExplainJson(CachedModel cached, byte[] packedInputs, int top) =>
        ExplanationJson.Write(Explain(cached, packedInputs), top);

    /// <summary>The explanation of one packed input row, one row per input, strongest first.</summary>
    /// <exception cref="ExplanationUnavailableException">The model cannot be explained (the message says why and what to do).</exception>
    internal static ExplanationRow[] ExplainRows(CachedModel cached, byte[] packedInputs)
    {
        Explanation e = Explain(cached, packedInputs);
        var rows = new ExplanationRow[e.Ranked.Length];
        string method = e.Method.ToString();
        for (int r = 0; r < rows.Length; r++)
        {
            int input = e.Ranked[r];
            rows[r] = new ExplanationRow(r + 1, cached.Model.Inputs[input].Name, e.Contributions[input], e.Base, e.RawScore, e.ClassLabel, method);
        }

        return rows;
    }

    private static Explanation Explain(CachedModel cached, byte[] packedInputs)
    {
        // A fresh buffer per call: SQL hands rows to several threads, and a buffer is the size of the input list only.
        var explanation = new Explanation(cached.Model);
        Scorer scorer = cached.Rent();
        try
        {
            InputCodec.Apply(packedInputs, cached, scorer, new byte[cached.Model.Inputs.Count]);
            scorer.Explain(explanation);
            return explanation;
        }
        finally
        {
            cached.Return(scorer);
        }
    }
}

/// <summary>One reason of one explained row (an immutable copy, for the table-valued function's rows).</summary>
internal sealed class ExplanationRow
{
    internal ExplanationRow(int rank, string inputName, double contribution, double baseValue, double rawScore, string? explainedClass, string method)
    {
        Rank = rank;
        InputName = inputName;
        Contribution = contribution;
        Base = baseValue;
        RawScore = rawScore;
        ExplainedClass = explainedClass;
        Method = method;
    }

    /// <summary>1 = the strongest reason (largest |contribution|).</summary>
    internal int Rank { get; }

    /// <summary>The model input (the table's column) this reason is about.</summary>
    internal string InputName { get; }

    /// <summary>The input's contribution on the raw score scale; NaN when it made the raw score NaN.</summary>
    internal double Contribution { get; }

    /// <summary>The bias (linear) or expected raw score (trees); base + all contributions = raw score.</summary>
    internal double Base { get; }

    /// <summary>The raw score explained.</summary>
    internal double RawScore { get; }

    /// <summary>Multiclass: the explained (predicted) class label; null otherwise.</summary>
    internal string? ExplainedClass { get; }

    /// <summary>Linear or TreeShap.</summary>
    internal string Method { get; }
}
