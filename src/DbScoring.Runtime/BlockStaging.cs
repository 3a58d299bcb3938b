using System.Collections.Generic;
using System.Runtime.CompilerServices;
using DbScoring.Runtime.Transforms;

namespace DbScoring.Runtime
{
    /// <summary>
    /// Stages <see cref="Scorer.PredictBatch"/>'s rows into a <see cref="RowBlock"/> straight from the caller's columns,
    /// for plans that run no transform besides the input key look-ups (<see cref="ExecutionPlan.KeyLookups"/>): every
    /// folded tree model whose features are inputs, one-hot categories and their concatenation. There a row's frame holds
    /// exactly its inputs (no transform writes a float; the floats no input writes stay as allocated, zero, in the frame
    /// and in the block alike) and its keys exactly the look-ups of its texts, so writing those into the block gives the
    /// bytes that setting the inputs, running the look-ups and copying the frame would. Column by column it skips, per
    /// row, the frame's writes (with a write barrier per text), the copy into the block and the walk over the inputs, and
    /// runs each vocabulary's look-ups back to back.
    /// </summary>
    internal sealed class BlockStaging
    {
        private readonly int[] _numberInput;   // per Number or Boolean input: its index among the inputs
        private readonly int[] _numberIndex;   // its float's index in a staged row
        private readonly bool[] _boolean;      // whether it is Boolean (non-zero is 1, NaN stays missing)
        private readonly int[] _textInput;     // per look-up slot: the input whose text it reads; −1 when no input sets that text (then null: key 0)
        private readonly int[] _keyIndex;      // its key's index in a staged row
        private readonly VocabularyLookup[] _lookup;

        private BlockStaging(int[] numberInput, int[] numberIndex, bool[] boolean, int[] textInput, int[] keyIndex, VocabularyLookup[] lookup)
        {
            _numberInput = numberInput;
            _numberIndex = numberIndex;
            _boolean = boolean;
            _textInput = textInput;
            _keyIndex = keyIndex;
            _lookup = lookup;
        }

        /// <summary>
        /// The staging for <paramref name="plan"/> with inputs of <paramref name="kinds"/> at frame indices
        /// <paramref name="inputIndex"/>, or null when the plan runs other transforms (rows then go through the frame).
        /// </summary>
        internal static BlockStaging? TryCreate(ExecutionPlan plan, InputKind[] kinds, int[] inputIndex)
        {
            if (plan.Transforms.Length != 0) return null;
            var numberInput = new List<int>();
            var numberIndex = new List<int>();
            var boolean = new List<bool>();
            for (int i = 0; i < kinds.Length; i++)
            {
                if (kinds[i] == InputKind.Text) continue;
                numberInput.Add(i);
                numberIndex.Add(inputIndex[i]);
                boolean.Add(kinds[i] == InputKind.Boolean);
            }
            var lookups = plan.KeyLookups;
            int slots = lookups == null ? 0 : lookups.Count;
            var textInput = new int[slots];
            var keyIndex = new int[slots];
            var lookup = new VocabularyLookup[slots];
            for (int s = 0; s < slots; s++)
            {
                textInput[s] = -1;
                for (int i = 0; i < kinds.Length; i++) // the last input that sets the text wins, as when inputs are set in order
                    if (kinds[i] == InputKind.Text && inputIndex[i] == lookups!.TextIndex(s)) textInput[s] = i;
                keyIndex[s] = lookups!.KeyIndex(s);
                lookup[s] = lookups.Lookup(s);
            }
            return new BlockStaging(numberInput.ToArray(), numberIndex.ToArray(), boolean.ToArray(), textInput, keyIndex, lookup);
        }

        /// <summary>Stages rows [<paramref name="first"/>, + <paramref name="rows"/>) of the columns (checked by the caller) as rows 0.. of the block.</summary>
        [MethodImpl(HotPath.Options)]
        internal void Stage(RowBlock block, int first, int rows, double[]?[] numbers, string?[]?[] texts)
        {
            float[] floats = block.Floats;
            int floatStride = block.FloatStride;
            for (int n = 0; n < _numberInput.Length; n++)
            {
                double[] column = numbers[_numberInput[n]]!;
                int at = _numberIndex[n];
                if (_boolean[n])
                    for (int r = 0; r < rows; r++, at += floatStride) floats[at] = Scorer.BooleanValue(column[first + r]);
                else
                    for (int r = 0; r < rows; r++, at += floatStride) floats[at] = (float)column[first + r];
            }
            uint[] keys = block.Keys;
            int keyStride = block.KeyStride;
            for (int s = 0; s < _textInput.Length; s++)
            {
                int at = _keyIndex[s];
                if (_textInput[s] < 0)
                {
                    for (int r = 0; r < rows; r++, at += keyStride) keys[at] = 0;
                    continue;
                }
                string?[] column = texts[_textInput[s]]!;
                VocabularyLookup lookup = _lookup[s];
                for (int r = 0; r < rows; r++, at += keyStride) keys[at] = lookup.Find(column[first + r]);
            }
        }
    }
}
