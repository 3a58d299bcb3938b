using System;
using System.Collections.Generic;
using System.Text;
using DbScoring.Runtime;

namespace DbScoring.SqlClr;

/// <summary>
/// Validates a model blob and describes it as one JSON document that the registry procedures read with
/// OPENJSON. The layout below is ours (stable), independent of the runtime's own DescribeJson text.
/// </summary>
/// <remarks>
/// <code>
/// { "valid": true|false, "error": null|"message",
///   "formatVersion": "1.0", "contentHash": "64 hex", "blobSha256": "64 hex", "kind": 1|2|3, "kindName": "...",
///   "inputs": [ { "name": "...", "kind": 1|2|3, "kindName": "Number|Text|Boolean", "index": 0, "categories": [..],
///                 "trainingMin": number|null, "trainingMax": number|null } ],
///   "classLabels": [ .. ], "metadata": { "key": "value", .. },
///   "explanationRefusal": null|"why reason codes are unavailable and what to do", "describe": "runtime DescribeJson as a string" }
/// </code>
/// An invalid blob gives <c>valid = false</c> and the format error; other members are then absent.
/// </remarks>
internal static class ModelInspector
{
    /// <summary>Inspects <paramref name="blob"/>; never throws for a bad blob (it reports it).</summary>
    internal static string Inspect(byte[] blob)
    {
        var sb = new StringBuilder();
        sb.Append('{');
        ScoringModel model;
        try
        {
            model = ScoringModel.Load(blob);
        }
        catch (Exception ex) when (ex is ModelFormatException or ArgumentException or IndexOutOfRangeException
                                   or OverflowException or InvalidOperationException or System.IO.EndOfStreamException)
        {
            // The runtime reports bad blobs as ModelFormatException; anything else a malformed blob provokes is
            // reported the same way (named), so that registration refuses it cleanly instead of failing with 6522.
            JsonText.Name(sb, "valid", first: true);
            sb.Append("false");
            JsonText.Name(sb, "error");
            JsonText.String(sb, ex is ModelFormatException ? ex.Message : ex.GetType().Name + ": " + ex.Message);
            sb.Append('}');
            return sb.ToString();
        }

        JsonText.Name(sb, "valid", first: true);
        sb.Append("true");
        JsonText.Name(sb, "error");
        sb.Append("null");
        JsonText.Name(sb, "formatVersion");
        JsonText.String(sb, model.FormatVersion);
        JsonText.Name(sb, "contentHash");
        JsonText.String(sb, model.ContentHashHex);
        JsonText.Name(sb, "blobSha256");
        JsonText.String(sb, Hex(ModelCache.Sha256(blob)));
        JsonText.Name(sb, "kind");
        sb.Append((int)model.Kind);
        JsonText.Name(sb, "kindName");
        JsonText.String(sb, model.Kind.ToString());
        JsonText.Name(sb, "inputs");
        AppendInputs(sb, model.Inputs);
        JsonText.Name(sb, "classLabels");
        AppendStrings(sb, model.ClassLabels);
        JsonText.Name(sb, "metadata");
        AppendMetadata(sb, model.Metadata);
        JsonText.Name(sb, "explanationRefusal");
        if (model.ExplanationRefusal is null)
        {
            sb.Append("null");
        }
        else
        {
            JsonText.String(sb, model.ExplanationRefusal);
        }

        JsonText.Name(sb, "describe");
        JsonText.String(sb, model.DescribeJson());
        sb.Append('}');
        return sb.ToString();
    }

    /// <summary>Lowercase hex of <paramref name="bytes"/>.</summary>
    internal static string Hex(byte[] bytes)
    {
        const string digits = "0123456789abcdef";
        var chars = new char[bytes.Length * 2];
        for (int i = 0; i < bytes.Length; i++)
        {
            chars[2 * i] = digits[bytes[i] >> 4];
            chars[(2 * i) + 1] = digits[bytes[i] & 0xF];
        }

        return new string(chars);
    }

    private static void AppendInputs(StringBuilder sb, IReadOnlyList<InputColumn> inputs)
    {
        sb.Append('[');
        for (int i = 0; i < inputs.Count; i++)
        {
            InputColumn input = inputs[i];
            if (i > 0)
            {
                sb.Append(',');
            }

            sb.Append('{');
            JsonText.Name(sb, "name", first: true);
            JsonText.String(sb, input.Name);
            JsonText.Name(sb, "kind");
            sb.Append((int)input.Kind);
            JsonText.Name(sb, "kindName");
            JsonText.String(sb, input.Kind.ToString());
            JsonText.Name(sb, "index");
            sb.Append(i);
            JsonText.Name(sb, "categories");
            AppendStrings(sb, input.Categories);
            JsonText.Name(sb, "trainingMin");
            JsonText.Number(sb, input.TrainingMin);
            JsonText.Name(sb, "trainingMax");
            JsonText.Number(sb, input.TrainingMax);
            sb.Append('}');
        }

        sb.Append(']');
    }

    private static void AppendStrings(StringBuilder sb, IReadOnlyList<string> values)
    {
        sb.Append('[');
        for (int i = 0; i < values.Count; i++)
        {
            if (i > 0)
            {
                sb.Append(',');
            }

            JsonText.String(sb, values[i]);
        }

        sb.Append(']');
    }

    private static void AppendMetadata(StringBuilder sb, IReadOnlyDictionary<string, string> metadata)
    {
        var keys = new List<string>(metadata.Keys);
        keys.Sort(StringComparer.Ordinal);
        sb.Append('{');
        for (int i = 0; i < keys.Count; i++)
        {
            JsonText.Name(sb, keys[i], first: i == 0);
            JsonText.String(sb, metadata[keys[i]]);
        }

        sb.Append('}');
    }
}
