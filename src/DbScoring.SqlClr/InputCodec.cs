using System;
using System.Collections.Generic;
using System.Text;
using DbScoring.Runtime;

namespace DbScoring.SqlClr;

/// <summary>
/// The packed input row that T-SQL builds with plain CAST/concatenation and hands to the scoring functions
/// as one <c>varbinary(8000)</c> (a sized type: no LOB path, one parameter whatever the model's width).
/// </summary>
/// <remarks>
/// Layout, version 1 (persisted — T-SQL generators in sql/ write it; never renumber):
/// <code>
/// byte 0          format version = 0x01
/// then, for each model input in model order, one field:
///   0x00                         missing (SQL NULL)
///   0x01 + 8 bytes               number: IEEE-754 double, big-endian = CAST(CAST(x AS float) AS binary(8))
///   0x02 + 2 bytes L + L bytes   text: L = byte length (big-endian), bytes = UTF-16LE = CAST(nvarchar AS varbinary)
/// </code>
/// Booleans travel as numbers 0/1. The field count must equal the model's input count.
/// While applying a row, each input gets a flag (persisted — read by scoring.ScoreTable; never renumber):
/// <see cref="FlagOk"/>, <see cref="FlagMissing"/>, <see cref="FlagUnseenCategory"/>, <see cref="FlagBelowTrainingMin"/>,
/// <see cref="FlagAboveTrainingMax"/>.
/// </remarks>
internal static class InputCodec
{
    /// <summary>Format version byte at offset 0.</summary>
    internal const byte FormatVersion = 1;

    /// <summary>Field tag: missing value.</summary>
    internal const byte TagMissing = 0;

    /// <summary>Field tag: big-endian double.</summary>
    internal const byte TagNumber = 1;

    /// <summary>Field tag: length-prefixed UTF-16LE text.</summary>
    internal const byte TagText = 2;

    /// <summary>Input flag: value present and within what training saw.</summary>
    internal const byte FlagOk = 0;

    /// <summary>Input flag: missing (SQL NULL).</summary>
    internal const byte FlagMissing = 1;

    /// <summary>Input flag: a text value not among the training categories (scored as all-zero, like ML.NET).</summary>
    internal const byte FlagUnseenCategory = 2;

    /// <summary>Input flag: a number below the smallest value seen in training.</summary>
    internal const byte FlagBelowTrainingMin = 3;

    /// <summary>Input flag: a number above the largest value seen in training.</summary>
    internal const byte FlagAboveTrainingMax = 4;

    /// <summary>Sets every input of <paramref name="scorer"/> from the packed row and fills one flag per input.</summary>
    /// <param name="packed">The packed row.</param>
    /// <param name="cached">The model (inputs, categories, training ranges).</param>
    /// <param name="scorer">The scorer to set.</param>
    /// <param name="flags">Receives one flag per input; length = input count.</param>
    /// <exception cref="ArgumentException">The packed row is malformed or does not match the model's inputs.</exception>
    internal static void Apply(byte[] packed, CachedModel cached, Scorer scorer, byte[] flags)
    {
        IReadOnlyList<InputColumn> inputs = cached.Model.Inputs;
        int pos = CheckHeader(packed);
        for (int i = 0; i < inputs.Count; i++)
        {
            InputColumn column = inputs[i];
            if (pos >= packed.Length)
            {
                throw new ArgumentException(
                    "The packed inputs end after " + i + " of " + inputs.Count + " fields; the model expects input '" + column.Name + "' next.",
                    nameof(packed));
            }

            byte tag = packed[pos++];
            switch (tag)
            {
                case TagMissing:
                    scorer.SetMissing(i);
                    flags[i] = FlagMissing;
                    break;
                case TagNumber:
                    double number = ReadDouble(packed, ref pos);
                    if (column.Kind == InputKind.Text)
                    {
                        string formatted = number.ToString("R", System.Globalization.CultureInfo.InvariantCulture);
                        scorer.SetText(i, formatted);
                        flags[i] = TextFlag(cached, i, formatted);
                    }
                    else
                    {
                        scorer.SetNumber(i, number);
                        flags[i] = number < column.TrainingMin ? FlagBelowTrainingMin
                            : number > column.TrainingMax ? FlagAboveTrainingMax
                            : FlagOk;
                    }

                    break;
                case TagText:
                    string text = ReadText(packed, ref pos);
                    if (column.Kind == InputKind.Text)
                    {
                        scorer.SetText(i, text);
                        flags[i] = TextFlag(cached, i, text);
                    }
                    else
                    {
                        throw new ArgumentException(
                            "Input '" + column.Name + "' is a " + column.Kind + " input but was sent as text.",
                            nameof(packed));
                    }

                    break;
                default:
                    throw new ArgumentException("Unknown field tag " + tag + " for input '" + column.Name + "'.", nameof(packed));
            }
        }

        if (pos != packed.Length)
        {
            throw new ArgumentException(
                "The packed inputs carry more than the " + inputs.Count + " fields the model expects.", nameof(packed));
        }
    }

    /// <summary>Decodes a packed row as a JSON array of values (numbers, strings, null) in model input order.</summary>
    internal static string ToJson(byte[] packed)
    {
        int pos = CheckHeader(packed);
        var sb = new StringBuilder();
        sb.Append('[');
        bool first = true;
        while (pos < packed.Length)
        {
            if (!first)
            {
                sb.Append(',');
            }

            first = false;
            byte tag = packed[pos++];
            switch (tag)
            {
                case TagMissing: sb.Append("null"); break;
                case TagNumber: JsonText.Number(sb, ReadDouble(packed, ref pos)); break;
                case TagText: JsonText.String(sb, ReadText(packed, ref pos)); break;
                default: throw new ArgumentException("Unknown field tag " + tag + ".", nameof(packed));
            }
        }

        sb.Append(']');
        return sb.ToString();
    }

    private static byte TextFlag(CachedModel cached, int input, string value)
    {
        Dictionary<string, bool>? known = cached.Categories[input];
        return known is null || known.ContainsKey(value) ? FlagOk : FlagUnseenCategory;
    }

    private static int CheckHeader(byte[] packed)
    {
        if (packed.Length == 0 || packed[0] != FormatVersion)
        {
            throw new ArgumentException(
                "The packed inputs do not start with format version " + FormatVersion + ".", nameof(packed));
        }

        return 1;
    }

    private static double ReadDouble(byte[] packed, ref int pos)
    {
        if (pos + 8 > packed.Length)
        {
            throw new ArgumentException("A number field is truncated.", nameof(packed));
        }

        long bits = 0;
        for (int k = 0; k < 8; k++)
        {
            bits = (bits << 8) | packed[pos + k];
        }

        pos += 8;
        return BitConverter.Int64BitsToDouble(bits);
    }

    private static string ReadText(byte[] packed, ref int pos)
    {
        if (pos + 2 > packed.Length)
        {
            throw new ArgumentException("A text field is truncated.", nameof(packed));
        }

        int length = (packed[pos] << 8) | packed[pos + 1];
        pos += 2;
        if (pos + length > packed.Length || (length & 1) != 0)
        {
            throw new ArgumentException("A text field is truncated.", nameof(packed));
        }

        string text = Encoding.Unicode.GetString(packed, pos, length);
        pos += length;
        return text;
    }
}
