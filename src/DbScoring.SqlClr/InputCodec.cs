using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text;
using DbScoring.Runtime;

namespace DbScoring.SqlClr;

/// <summary>
/// The packed input row that T-SQL builds with plain CAST/concatenation and hands to the scoring functions
/// as one <c>varbinary(8000)</c> (a sized type: no LOB path, one parameter whatever the model's width).
/// The one encoder (<see cref="Encode"/>, and <see cref="SqlPackExpression"/> for the T-SQL that packs a column)
/// and the one decoder (<see cref="Apply"/>, <see cref="ToJson"/>) of the format live here.
/// </summary>
/// <remarks>
/// Layout, version 1 (persisted — generated T-SQL writes it, PredictionLog.Inputs keeps it; never renumber):
/// <code>
/// byte 0          format version = 0x01                                   (HeaderBytes = 1)
/// then, for each model input in model order, one field:
///   0x00                         missing (SQL NULL)                       (TagMissing)
///   0x01 + 8 bytes               number: IEEE-754 double, big-endian = CAST(CAST(x AS float) AS binary(8))   (TagNumber, NumberFieldBytes = 9)
///   0x02 + 2 bytes L + L bytes   text: L = byte length (big-endian), bytes = UTF-16LE = CAST(nvarchar AS varbinary)   (TagText, 3 + L bytes)
/// </code>
/// Booleans travel as numbers 0/1. The field count must equal the model's input count. A packed row is at most
/// <see cref="MaxPackedBytes"/> bytes: <see cref="TextChars"/> says how many characters each text input may keep.
/// While applying a row, each input gets a flag (persisted — aggregated into scoring.ScoringRunInputStats; never renumber):
/// <see cref="FlagOk"/>, <see cref="FlagMissing"/>, <see cref="FlagUnseenCategory"/>, <see cref="FlagBelowTrainingMin"/>,
/// <see cref="FlagAboveTrainingMax"/>.
/// </remarks>
internal static class InputCodec
{
    /// <summary>Format version byte at offset 0.</summary>
    internal const byte FormatVersion = 1;

    /// <summary>Bytes before the first field (the format version).</summary>
    internal const int HeaderBytes = 1;

    /// <summary>Bytes of a number field: tag + 8-byte double.</summary>
    internal const int NumberFieldBytes = 9;

    /// <summary>Bytes of a text field before its characters: tag + 2-byte length.</summary>
    internal const int TextFieldOverheadBytes = 3;

    /// <summary>Most bytes of a packed row (the varbinary(8000) the CLR functions take).</summary>
    internal const int MaxPackedBytes = 8000;

    /// <summary>Most characters a text input keeps, whatever room is left (nvarchar(4000)).</summary>
    internal const int MaxTextChars = 4000;

    /// <summary>
    /// Most characters of a text value sent to a number or boolean input (a source text column feeding it); a longer
    /// text is not a number, and the row is refused. The longest double in round-trip form has 24 characters.
    /// </summary>
    internal const int MaxNumberTextChars = 32;

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

    /// <summary>
    /// How many characters each text input may keep so that a packed row of <paramref name="numberInputs"/> number or
    /// boolean inputs and <paramref name="textInputs"/> text inputs fits in <see cref="MaxPackedBytes"/>; at most
    /// <see cref="MaxTextChars"/>. Returns <see cref="MaxTextChars"/> when there is no text input, and -1 when the
    /// inputs do not fit at all (even with one character per text).
    /// </summary>
    internal static int TextChars(int numberInputs, int textInputs, long extraBytes = 0)
    {
        long fixedBytes = HeaderBytes + ((long)NumberFieldBytes * numberInputs) + ((long)TextFieldOverheadBytes * textInputs) + extraBytes;
        if (textInputs == 0)
        {
            return fixedBytes <= MaxPackedBytes ? MaxTextChars : -1;
        }

        long chars = (MaxPackedBytes - fixedBytes) / (2L * textInputs);
        return chars < 1 ? -1 : (int)Math.Min(MaxTextChars, chars);
    }

    /// <summary>The most bytes a packed row takes with the given inputs and characters per text.</summary>
    internal static long MaxPackedLength(int numberInputs, int textInputs, int textChars) =>
        HeaderBytes + ((long)NumberFieldBytes * numberInputs) + ((long)textInputs * (TextFieldOverheadBytes + (2L * textChars)));

    /// <summary>
    /// Packs values the way the generated T-SQL does: null and "" → missing, string → text, bool → number 0/1, any other
    /// number → double. For tests, harnesses and tools; the database packs with <see cref="SqlPackExpression"/>.
    /// </summary>
    /// <exception cref="ArgumentException">A value is of another type, or a text is longer than a field can say.</exception>
    internal static byte[] Encode(IReadOnlyList<object?> values)
    {
        var bytes = new List<byte>(HeaderBytes + (NumberFieldBytes * values.Count)) { FormatVersion };
        for (int i = 0; i < values.Count; i++)
        {
            object? value = values[i];
            if (value is null)
            {
                bytes.Add(TagMissing);
            }
            else if (value is string { Length: 0 })
            {
                bytes.Add(TagMissing); // empty text is missing, as the generated T-SQL packs it
            }
            else if (value is string text)
            {
                byte[] utf16 = Encoding.Unicode.GetBytes(text);
                if (utf16.Length > ushort.MaxValue)
                {
                    throw new ArgumentException("Value " + i + " is longer than a text field can hold.", nameof(values));
                }

                bytes.Add(TagText);
                bytes.Add((byte)(utf16.Length >> 8));
                bytes.Add((byte)utf16.Length);
                bytes.AddRange(utf16);
            }
            else if (value is bool flag)
            {
                bytes.Add(TagNumber);
                bytes.AddRange(BigEndian(flag ? 1.0 : 0.0));
            }
            else if (value is IConvertible number && !(value is char) && !(value is DateTime))
            {
                bytes.Add(TagNumber);
                bytes.AddRange(BigEndian(number.ToDouble(CultureInfo.InvariantCulture)));
            }
            else
            {
                throw new ArgumentException("Value " + i + " is a " + value.GetType().Name + "; give null, a string, a bool or a number.", nameof(values));
            }
        }

        return bytes.ToArray();
    }

    /// <summary>The T-SQL for a missing field (an input the caller chose not to map).</summary>
    internal const string SqlMissingField = "0x00";

    /// <summary>
    /// The T-SQL expression that packs one value as a field: <paramref name="value"/> is a trusted, already-quoted
    /// column reference or parameter name; NULL packs as missing, and so does the empty text for a text input (as in ML.NET
    /// and the embedded store). Text is cut at <paramref name="textChars"/> characters.
    /// </summary>
    internal static string SqlPackExpression(string value, InputKind kind, int textChars)
    {
        string chars = textChars.ToString(CultureInfo.InvariantCulture);
        string bytes = (2 * textChars).ToString(CultureInfo.InvariantCulture);
        switch (kind)
        {
            case InputKind.Number:
                return "CASE WHEN " + value + " IS NULL THEN " + Hex(TagMissing) + " ELSE " + Hex(TagNumber)
                    + " + CAST(CAST(" + value + " AS float) AS binary(8)) END";
            case InputKind.Boolean:
                return "CASE WHEN " + value + " IS NULL THEN " + Hex(TagMissing)
                    + " WHEN CAST(" + value + " AS bit) = 1 THEN " + Hex(TagNumber, BigEndian(1.0))
                    + " ELSE " + Hex(TagNumber, BigEndian(0.0)) + " END";
            case InputKind.Text:
                // Empty text is missing, as ML.NET and the embedded store read it: DATALENGTH is 0 only for '' (a char(n)
                // column arrives RTRIMmed, so all spaces too), never for a number or a non-empty text.
                string text = "CAST(" + value + " AS nvarchar(" + chars + "))";
                return "CASE WHEN ISNULL(DATALENGTH(" + value + "), 0) = 0 THEN " + Hex(TagMissing) + " ELSE " + Hex(TagText)
                    + " + CAST(CAST(DATALENGTH(" + text + ") AS smallint) AS binary(2)) + CAST(" + text + " AS varbinary(" + bytes + ")) END";
            default:
                throw new ArgumentOutOfRangeException(nameof(kind), kind, "Unknown input kind.");
        }
    }

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
                        string formatted = number.ToString("R", CultureInfo.InvariantCulture);
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
                        // A text column feeding a number or boolean input: parsed per row by the runtime's rules (as the
                        // embedded store does); text that is not a value of the input's kind refuses this row only.
                        double parsed = ParseNumberText(column, text);
                        scorer.SetText(i, text); // the runtime's own parse, exactly as the embedded store sets a text value
                        flags[i] = double.IsNaN(parsed) ? FlagMissing
                            : parsed < column.TrainingMin ? FlagBelowTrainingMin
                            : parsed > column.TrainingMax ? FlagAboveTrainingMax
                            : FlagOk;
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

    /// <summary>
    /// A text sent to a number or boolean input as the runtime reads it (<see cref="Scorer.SetText"/>): NaN for a missing
    /// token, else the value. Throws <see cref="FormatException"/> naming the input when the text is not such a value.
    /// </summary>
    internal static double ParseNumberText(InputColumn column, string text)
    {
        if (text.Length > MaxNumberTextChars)
        {
            throw new FormatException("Input '" + column.Name + "' expects " + (column.Kind == InputKind.Boolean ? "true/false" : "a number")
                + ", but the value is text of more than " + MaxNumberTextChars + " characters.");
        }

        return column.Kind == InputKind.Boolean ? ValueText.ParseBoolean(text, column.Name) : ValueText.ParseNumber(text, column.Name);
    }

    /// <summary>Decodes a packed row into its values in field order: null (missing), double (number) or string (text).</summary>
    /// <exception cref="ArgumentException">The row is malformed.</exception>
    internal static object?[] Decode(byte[] packed)
    {
        int pos = CheckHeader(packed);
        var values = new List<object?>();
        while (pos < packed.Length)
        {
            byte tag = packed[pos++];
            switch (tag)
            {
                case TagMissing: values.Add(null); break;
                case TagNumber: values.Add(ReadDouble(packed, ref pos)); break;
                case TagText: values.Add(ReadText(packed, ref pos)); break;
                default: throw new ArgumentException("Unknown field tag " + tag + " in field " + values.Count + ".", nameof(packed));
            }
        }

        return values.ToArray();
    }

    /// <summary>Decodes a packed row as a JSON array of values (numbers, strings, null) in model input order.</summary>
    internal static string ToJson(byte[] packed)
    {
        object?[] values = Decode(packed);
        var sb = new StringBuilder();
        sb.Append('[');
        for (int i = 0; i < values.Length; i++)
        {
            if (i > 0)
            {
                sb.Append(',');
            }

            switch (values[i])
            {
                case null: sb.Append("null"); break;
                case double number: JsonText.Number(sb, number); break;
                default: JsonText.String(sb, (string)values[i]!); break;
            }
        }

        sb.Append(']');
        return sb.ToString();
    }

    /// <summary>A T-SQL binary literal: 0x, then the bytes in hex (uppercase).</summary>
    internal static string Hex(byte first, byte[]? rest = null)
    {
        var sb = new StringBuilder("0x");
        sb.Append(first.ToString("X2", CultureInfo.InvariantCulture));
        if (rest is not null)
        {
            for (int i = 0; i < rest.Length; i++)
            {
                sb.Append(rest[i].ToString("X2", CultureInfo.InvariantCulture));
            }
        }

        return sb.ToString();
    }

    private static byte[] BigEndian(double value)
    {
        long bits = BitConverter.DoubleToInt64Bits(value);
        var bytes = new byte[8];
        for (int k = 0; k < 8; k++)
        {
            bytes[k] = (byte)(bits >> (56 - (8 * k)));
        }

        return bytes;
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
