using System.Collections.Generic;
using System.Globalization;
using DbScoring.Runtime;

namespace DbScoring.SqlClr.Generation;

/// <summary>One model input as scoring.Private_ModelInputs describes it (from ModelVersion.InputSchema).</summary>
internal sealed class ModelInputFacts
{
    private ModelInputFacts(int index, string name, InputKind kind, int maxCategoryChars)
    {
        Index = index;
        Name = name;
        Kind = kind;
        MaxCategoryChars = maxCategoryChars;
    }

    /// <summary>0-based position in the model (and in the packed row).</summary>
    internal int Index { get; }

    /// <summary>Input name.</summary>
    internal string Name { get; }

    /// <summary>Number, Text or Boolean.</summary>
    internal InputKind Kind { get; }

    /// <summary>Length of the longest training category of a text input; 0 when none.</summary>
    internal int MaxCategoryChars { get; }

    /// <summary>Reads the <c>inputs</c> array of the facts (<c>index, name, kind, maxCategoryChars</c>), in index order.</summary>
    internal static List<ModelInputFacts> ListFrom(JsonValue array)
    {
        var list = new List<ModelInputFacts>();
        foreach (JsonValue item in array.Items)
        {
            list.Add(new ModelInputFacts(item["index"].AsInt(), item["name"].AsString() ?? string.Empty,
                (InputKind)item["kind"].AsInt(), item["maxCategoryChars"].AsInt()));
        }

        // A comparer object, not a method group: C# caches method-group delegates in a writable static (refused in SAFE).
        list.Sort(new ByIndex());
        return list;
    }

    /// <summary>
    /// Characters each text input keeps (<see cref="InputCodec.TextChars"/>) for these inputs; adds a problem to
    /// <paramref name="output"/> and returns -1 when the model cannot be packed, or when a text input's training
    /// categories would be cut (they would then score as unseen).
    /// </summary>
    internal static int TextChars(IList<ModelInputFacts> inputs, GeneratedSql output) => TextChars(inputs, 0, output);

    /// <summary>
    /// As <see cref="TextChars(IList{ModelInputFacts}, GeneratedSql)"/>, when <paramref name="numbersAsText"/> of the number or
    /// boolean inputs are read from text columns (each packed as text of up to <see cref="InputCodec.MaxNumberTextChars"/> + 1 characters).
    /// </summary>
    internal static int TextChars(IList<ModelInputFacts> inputs, int numbersAsText, GeneratedSql output)
    {
        int texts = 0, others = 0;
        foreach (ModelInputFacts input in inputs)
        {
            if (input.Kind == InputKind.Text)
            {
                texts++;
            }
            else
            {
                others++;
            }
        }

        long extraBytes = numbersAsText * (long)(InputCodec.TextFieldOverheadBytes + (2 * (InputCodec.MaxNumberTextChars + 1)) - InputCodec.NumberFieldBytes);
        int chars = InputCodec.TextChars(others, texts, extraBytes);
        if (chars < 0)
        {
            output.Problem("The model's " + inputs.Count.ToString(CultureInfo.InvariantCulture) + " inputs (" + others.ToString(CultureInfo.InvariantCulture)
                + " numbers or booleans, " + texts.ToString(CultureInfo.InvariantCulture) + " texts) do not fit in one packed row of "
                + InputCodec.MaxPackedBytes.ToString(CultureInfo.InvariantCulture) + " bytes (each number takes "
                + InputCodec.NumberFieldBytes.ToString(CultureInfo.InvariantCulture) + " bytes, each text at least "
                + (InputCodec.TextFieldOverheadBytes + 2).ToString(CultureInfo.InvariantCulture)
                + "). Score this model outside SQL Server (dbscoring score) or with fewer inputs.");
            return -1;
        }

        bool cut = false;
        foreach (ModelInputFacts input in inputs)
        {
            if (input.Kind == InputKind.Text && input.MaxCategoryChars > chars)
            {
                output.Problem("Model input " + input.Name + " has training categories of up to " + input.MaxCategoryChars.ToString(CultureInfo.InvariantCulture)
                    + " characters, but with this model's " + inputs.Count.ToString(CultureInfo.InvariantCulture) + " inputs a packed row keeps only "
                    + chars.ToString(CultureInfo.InvariantCulture) + " characters per text; longer values would score as unseen categories.");
                cut = true;
            }
        }

        return cut ? -1 : chars;
    }

    private sealed class ByIndex : IComparer<ModelInputFacts>
    {
        public int Compare(ModelInputFacts? a, ModelInputFacts? b) => (a?.Index ?? -1).CompareTo(b?.Index ?? -1);
    }
}
