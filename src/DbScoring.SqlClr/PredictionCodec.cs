using System;
using System.Text;
using DbScoring.Runtime;

namespace DbScoring.SqlClr;

/// <summary>
/// The packed prediction returned by the scalar scoring function, laid out so that T-SQL can read most of it
/// with plain CAST and the rest with one cheap CLR call.
/// </summary>
/// <remarks>
/// Layout, version 1 (persisted — the T-SQL that <see cref="SqlReadColumns"/> generates reads it; never renumber).
/// Offsets are 0-based here; T-SQL's SUBSTRING counts from 1:
/// <code>
/// byte 0        format version = 0x01
/// bytes 1..4    predicted class, int32 big-endian  (ClassOffset)        -1 for regression
/// bytes 5..8    score, IEEE-754 single big-endian  (ScoreOffset)        NaN reads as NULL
/// bytes 9..12   probability, single big-endian     (ProbabilityOffset)  NaN reads as NULL
/// bytes 13..14  N = number of inputs, uint16 big-endian (InputCountOffset)
/// bytes 15..    N input flags, one byte each (FlagsOffset; InputCodec.Flag*: 0 ok, 1 missing, 2 unseen category,
///               3 below training min, 4 above training max)
/// then          predicted label, UTF-16LE (at FlagsOffset + N), at most MaxLabelChars characters
/// </code>
/// Labels longer than <see cref="MaxLabelChars"/> characters are cut (label vocabularies are short names).
/// A row the model could not score (<see cref="PackRefusal"/>, from scoring.Private_TryPredict) is instead:
/// <code>
/// byte 0        RefusalFormat = 0x00
/// bytes 1..     why, UTF-16LE, at most MaxReasonChars characters
/// </code>
/// </remarks>
internal static class PredictionCodec
{
    /// <summary>Format version byte at offset 0.</summary>
    internal const byte FormatVersion = 1;

    /// <summary>Byte 0 of a refusal: the row could not be scored; the reason follows (persisted in generated T-SQL — never renumber).</summary>
    internal const byte RefusalFormat = 0;

    /// <summary>Longest reason written, in UTF-16 code units (the SQL columns are nvarchar(2000)).</summary>
    internal const int MaxReasonChars = 2000;

    /// <summary>Longest label written, in UTF-16 code units (the SQL column is nvarchar(400)).</summary>
    internal const int MaxLabelChars = 400;

    /// <summary>0-based offset of the predicted class (int32, big-endian).</summary>
    internal const int ClassOffset = 1;

    /// <summary>0-based offset of the score (float32, big-endian).</summary>
    internal const int ScoreOffset = 5;

    /// <summary>0-based offset of the probability (float32, big-endian).</summary>
    internal const int ProbabilityOffset = 9;

    /// <summary>0-based offset of the input count N (uint16, big-endian).</summary>
    internal const int InputCountOffset = 13;

    /// <summary>0-based offset of the first of N input flags; the label follows the flags.</summary>
    internal const int FlagsOffset = 15;

    /// <summary>
    /// The T-SQL select-list that reads a packed prediction held in <paramref name="packed"/> (a trusted column
    /// reference) of a model with <paramref name="inputs"/> inputs, as the columns PredictedClass, PredictedLabel,
    /// Score, Probability and Flags (the N flag bytes).
    /// </summary>
    internal static string SqlReadColumns(string packed, int inputs) =>
        SqlPredictionColumns(packed, string.Empty) + ",\n       Flags = " + SqlFlags(packed, inputs);

    /// <summary>
    /// The T-SQL select-list of the prediction held in <paramref name="packed"/> (a trusted column reference): the columns
    /// <paramref name="prefix"/>PredictedClass, …PredictedLabel, …Score, …Probability; NULLs for a NULL value.
    /// </summary>
    internal static string SqlPredictionColumns(string packed, string prefix) =>
        prefix + "PredictedClass = CONVERT(int, SUBSTRING(" + packed + ", " + Position(ClassOffset) + ", 4)),\n"
        + "       " + prefix + "PredictedLabel = " + SqlLabel(packed) + ",\n"
        + "       " + prefix + "Score = scoring.Private_ReadReal(" + packed + ", " + Position(ScoreOffset) + "),\n"
        + "       " + prefix + "Probability = scoring.Private_ReadReal(" + packed + ", " + Position(ProbabilityOffset) + ")";

    /// <summary>The T-SQL for the <paramref name="inputs"/> input flag bytes of the prediction held in <paramref name="packed"/>.</summary>
    internal static string SqlFlags(string packed, int inputs) =>
        "SUBSTRING(" + packed + ", " + Position(FlagsOffset) + ", " + inputs.ToString(System.Globalization.CultureInfo.InvariantCulture) + ")";

    /// <summary>
    /// The T-SQL for the label of a packed prediction held in <paramref name="packed"/>: it starts after the flags, whose
    /// count the prediction carries (so one expression reads the packed predictions of versions with other inputs too).
    /// </summary>
    internal static string SqlLabel(string packed) =>
        "NULLIF(CONVERT(nvarchar(" + MaxLabelChars + "), SUBSTRING(" + packed + ", " + Position(FlagsOffset) + " + CONVERT(int, SUBSTRING(" + packed + ", "
        + Position(InputCountOffset) + ", 2)), " + (2 * MaxLabelChars) + ")), N'')";

    /// <summary>T-SQL condition: the value held in <paramref name="packed"/> is a prediction (not NULL, not a refusal).</summary>
    internal static string SqlIsPrediction(string packed) => "SUBSTRING(" + packed + ", 1, 1) = " + InputCodec.Hex(FormatVersion);

    /// <summary>T-SQL: the reason of a refusal held in <paramref name="packed"/> (NULL for a prediction or NULL).</summary>
    internal static string SqlRefusalReason(string packed) =>
        "CASE WHEN SUBSTRING(" + packed + ", 1, 1) = " + InputCodec.Hex(RefusalFormat) + " THEN CONVERT(nvarchar(" + MaxReasonChars + "), SUBSTRING("
        + packed + ", 2, " + (2 * MaxReasonChars) + ")) END";

    /// <summary>A refusal: why the row could not be scored, cut at <see cref="MaxReasonChars"/> characters.</summary>
    internal static byte[] PackRefusal(string reason)
    {
        if (reason.Length > MaxReasonChars)
        {
            reason = reason.Substring(0, MaxReasonChars);
        }

        var packed = new byte[1 + Encoding.Unicode.GetByteCount(reason)];
        packed[0] = RefusalFormat;
        Encoding.Unicode.GetBytes(reason, 0, reason.Length, packed, 1);
        return packed;
    }

    /// <summary>The reason of a refusal, or null when <paramref name="packed"/> is a prediction.</summary>
    internal static string? RefusalReason(byte[] packed) =>
        packed.Length > 0 && packed[0] == RefusalFormat ? Encoding.Unicode.GetString(packed, 1, packed.Length - 1) : null;

    /// <summary>Reads a whole packed prediction (tests, tools): the prediction, and one <c>InputCodec.Flag*</c> byte per input.</summary>
    /// <exception cref="ArgumentException">The bytes are not a packed prediction of this version.</exception>
    internal static PredictionRow Unpack(byte[] packed, out byte[] flags)
    {
        if (packed.Length < FlagsOffset || packed[0] != FormatVersion)
        {
            throw new ArgumentException("Not a packed prediction of format version " + FormatVersion + ".", nameof(packed));
        }

        int n = (packed[InputCountOffset] << 8) | packed[InputCountOffset + 1];
        if (FlagsOffset + n > packed.Length || ((packed.Length - FlagsOffset - n) & 1) != 0)
        {
            throw new ArgumentException("The packed prediction is truncated.", nameof(packed));
        }

        flags = new byte[n];
        Buffer.BlockCopy(packed, FlagsOffset, flags, 0, n);
        int predictedClass = (packed[ClassOffset] << 24) | (packed[ClassOffset + 1] << 16) | (packed[ClassOffset + 2] << 8) | packed[ClassOffset + 3];
        string label = Encoding.Unicode.GetString(packed, FlagsOffset + n, packed.Length - FlagsOffset - n);
        return new PredictionRow(predictedClass, label.Length == 0 ? null : label, ReadSingle(packed, ScoreOffset), ReadSingle(packed, ProbabilityOffset));
    }

    /// <summary>1-based position of a 0-based offset, as T-SQL's SUBSTRING takes it.</summary>
    internal static int Position(int offset) => offset + 1;

    /// <summary>Packs <paramref name="prediction"/> and the input flags as described in the remarks.</summary>
    internal static byte[] Pack(Prediction prediction, byte[] flags)
    {
        string label = prediction.PredictedLabel ?? string.Empty;
        if (label.Length > MaxLabelChars)
        {
            label = label.Substring(0, MaxLabelChars);
        }

        int labelBytes = Encoding.Unicode.GetByteCount(label);
        int labelAt = FlagsOffset + flags.Length;
        var packed = new byte[labelAt + labelBytes];
        packed[0] = FormatVersion;
        WriteInt32(packed, ClassOffset, prediction.PredictedClass);
        WriteInt32(packed, ScoreOffset, SingleBits(prediction.Score));
        WriteInt32(packed, ProbabilityOffset, SingleBits(prediction.Probability));
        packed[InputCountOffset] = (byte)(flags.Length >> 8);
        packed[InputCountOffset + 1] = (byte)flags.Length;
        Buffer.BlockCopy(flags, 0, packed, FlagsOffset, flags.Length);
        Encoding.Unicode.GetBytes(label, 0, label.Length, packed, labelAt);
        return packed;
    }

    /// <summary>Reads a big-endian IEEE-754 single at a 0-based byte offset (the SQL function takes 1-based, like SUBSTRING).</summary>
    /// <exception cref="ArgumentOutOfRangeException">The offset does not leave 4 bytes.</exception>
    internal static float ReadSingle(byte[] packed, int offset)
    {
        if (offset < 0 || offset + 4 > packed.Length)
        {
            throw new ArgumentOutOfRangeException(nameof(offset), offset, "The offset must leave 4 bytes in the packed value.");
        }

        int bits = (packed[offset] << 24) | (packed[offset + 1] << 16) | (packed[offset + 2] << 8) | packed[offset + 3];
        return BitConverter.ToSingle(BitConverter.GetBytes(bits), 0);
    }

    private static int SingleBits(float value) => BitConverter.ToInt32(BitConverter.GetBytes(value), 0);

    private static void WriteInt32(byte[] target, int offset, int value)
    {
        target[offset] = (byte)(value >> 24);
        target[offset + 1] = (byte)(value >> 16);
        target[offset + 2] = (byte)(value >> 8);
        target[offset + 3] = (byte)value;
    }
}

