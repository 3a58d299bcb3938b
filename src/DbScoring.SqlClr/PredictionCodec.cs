using System;
using System.Text;
using DbScoring.Runtime;

namespace DbScoring.SqlClr;

/// <summary>
/// The packed prediction returned by the scalar scoring function, laid out so that T-SQL can read most of it
/// with plain CAST and the rest with one cheap CLR call.
/// </summary>
/// <remarks>
/// Layout, version 1 (persisted — T-SQL in sql/ reads it; never renumber):
/// <code>
/// byte 0        format version = 0x01
/// bytes 1..4    predicted class, int32 big-endian  = CAST(SUBSTRING(p, 2, 4) AS int); -1 for regression
/// bytes 5..8    score, IEEE-754 single big-endian  = scoring.Private_ReadReal(p, 6); NaN reads as NULL
/// bytes 9..12   probability, single big-endian     = scoring.Private_ReadReal(p, 10); NaN reads as NULL
/// bytes 13..14  N = number of inputs, uint16 big-endian = CAST(SUBSTRING(p, 14, 2) AS int)
/// bytes 15..    N input flags, one byte each (InputCodec.Flag*: 0 ok, 1 missing, 2 unseen category,
///               3 below training min, 4 above training max) = SUBSTRING(p, 16 + i, 1) for input i (0-based)
/// then          predicted label, UTF-16LE          = NULLIF(CAST(SUBSTRING(p, 16 + N, 800) AS nvarchar(400)), N'')
/// </code>
/// Labels longer than <see cref="MaxLabelChars"/> characters are cut (label vocabularies are short names).
/// </remarks>
internal static class PredictionCodec
{
    /// <summary>Format version byte at offset 0.</summary>
    internal const byte FormatVersion = 1;

    /// <summary>Longest label written, in UTF-16 code units (the SQL column is nvarchar(400)).</summary>
    internal const int MaxLabelChars = 400;

    /// <summary>Packs <paramref name="prediction"/> and the input flags as described in the remarks.</summary>
    internal static byte[] Pack(Prediction prediction, byte[] flags)
    {
        string label = prediction.PredictedLabel ?? string.Empty;
        if (label.Length > MaxLabelChars)
        {
            label = label.Substring(0, MaxLabelChars);
        }

        int labelBytes = Encoding.Unicode.GetByteCount(label);
        int labelAt = 15 + flags.Length;
        var packed = new byte[labelAt + labelBytes];
        packed[0] = FormatVersion;
        WriteInt32(packed, 1, prediction.PredictedClass);
        WriteInt32(packed, 5, SingleBits(prediction.Score));
        WriteInt32(packed, 9, SingleBits(prediction.Probability));
        packed[13] = (byte)(flags.Length >> 8);
        packed[14] = (byte)flags.Length;
        Buffer.BlockCopy(flags, 0, packed, 15, flags.Length);
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
