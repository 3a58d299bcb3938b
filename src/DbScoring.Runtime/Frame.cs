using System.Collections.Generic;

namespace DbScoring.Runtime
{
    /// <summary>
    /// Scratch storage for one row: every working column lives at a fixed offset in the array of its kind.
    /// Allocated once per <see cref="Scorer"/>, so scoring a row allocates nothing.
    /// </summary>
    internal sealed class Frame
    {
        internal readonly float[] Floats;
        internal readonly uint[] Keys;
        internal readonly string?[] Texts;

        /// <summary>Offset of each working column within the array of its kind.</summary>
        internal readonly int[] Offsets;

        internal Frame(IReadOnlyList<ColumnDefinition> columns)
        {
            Offsets = new int[columns.Count];
            int floats = 0, keys = 0, texts = 0;
            for (int c = 0; c < columns.Count; c++)
            {
                var column = columns[c];
                switch (column.Kind)
                {
                    case ColumnKind.Float: Offsets[c] = floats; floats += column.Length; break;
                    case ColumnKind.Key: Offsets[c] = keys; keys += column.Length; break;
                    default: Offsets[c] = texts; texts += column.Length; break;
                }
            }
            Floats = new float[floats];
            Keys = new uint[keys];
            Texts = new string?[texts];
        }
    }
}
