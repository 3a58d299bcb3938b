using System;

namespace DbScoring.Runtime
{
    /// <summary>
    /// Rows staged for the block kernel (<see cref="Scorer.PredictBatch"/>): the frame's floats and keys of
    /// <see cref="Rows"/> rows, row after row, and the kernel's scratch space. One per scorer, allocated on its first batch.
    /// </summary>
    internal sealed class RowBlock
    {
        /// <summary>Rows scored together: one 512-bit vector (or two 256-bit ones) of 64-bit tree masks per tree.</summary>
        internal const int Rows = 8;

        internal RowBlock(Frame frame, int treeMasks, int functions)
        {
            FloatStride = frame.Floats.Length;
            KeyStride = frame.Keys.Length;
            Floats = new float[Rows * FloatStride];
            Keys = new uint[Rows * KeyStride];
#if NET
            Masks = new ulong[treeMasks * Rows];
#endif
            Sums = new double[Rows];
            Raw = new float[functions][];
            for (int k = 0; k < functions; k++) Raw[k] = new float[Rows];
        }

        /// <summary>Row r's frame floats at [r · FloatStride, + FloatStride).</summary>
        internal readonly float[] Floats;
        internal readonly int FloatStride;

        /// <summary>Row r's frame keys at [r · KeyStride, + KeyStride).</summary>
        internal readonly uint[] Keys;
        internal readonly int KeyStride;

#if NET
        /// <summary>Leaf masks: tree t's of row r at [t · Rows + r] (<c>BlockMasks</c>; the block kernel exists on .NET 10 only).</summary>
        internal readonly ulong[] Masks;
#endif

        /// <summary>Per row: the tree sum of the function being scored.</summary>
        internal readonly double[] Sums;

        /// <summary>Per score function of the predictor, per row: its raw score.</summary>
        internal readonly float[][] Raw;

        /// <summary>Copies the frame's transformed row into row <paramref name="row"/> of the block.</summary>
        internal void Stage(int row, Frame frame)
        {
            Array.Copy(frame.Floats, 0, Floats, row * FloatStride, FloatStride);
            Array.Copy(frame.Keys, 0, Keys, row * KeyStride, KeyStride);
        }
    }
}
