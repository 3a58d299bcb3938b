using System;
using DbScoring.Runtime;

namespace DbScoring.Cli.FileScoring
{
    /// <summary>
    /// A run of consecutive rows of a scored file as they move through <see cref="FileScorer"/>'s stages: the inputs
    /// column by column (as <see cref="Scorer.PredictBatch"/> takes them), the key fields, then the scores. Chunks are
    /// recycled, so a run allocates them once, whatever the file's size.
    /// </summary>
    internal sealed class RowChunk
    {
        private readonly int _keyColumns;
        private char[] _keyChars = new char[1 << 12];
        private int _keyLength;

        /// <summary>A chunk of up to <paramref name="capacity"/> rows of <paramref name="model"/>'s inputs.</summary>
        public RowChunk(ScoringModel model, int capacity, int keyColumns, int explainedValues, int explainedRanks)
        {
            Capacity = capacity;
            _keyColumns = keyColumns;
            int inputs = model.Inputs.Count;
            Numbers = new double[]?[inputs];
            Texts = new string?[]?[inputs];
            for (int i = 0; i < inputs; i++)
            {
                if (model.Inputs[i].Kind == InputKind.Text) Texts[i] = new string?[capacity];
                else Numbers[i] = new double[capacity];
            }
            KeyEnds = new int[capacity * keyColumns];
            Scores = new float[capacity];
            Probabilities = new float[capacity];
            Classes = new int[capacity];
            ClassCount = model.Kind == PredictionKind.MulticlassClassification ? model.ClassLabels.Count : 0;
            ClassScores = new float[capacity * ClassCount];
            ExplainedValues = explainedValues;
            ExplainedRanks = explainedRanks;
            Explained = new double[capacity * explainedValues];
            Ranks = new int[capacity * explainedRanks];
        }

        /// <summary>Rows the chunk can hold.</summary>
        public int Capacity { get; }

        /// <summary>Rows it holds.</summary>
        public int Count { get; private set; }

        /// <summary>1-based number of the chunk's first row in the file (blank lines not counted).</summary>
        public long FirstRow { get; private set; }

        /// <summary>Bytes of the file read when the chunk was filled, for the progress display.</summary>
        public long BytesRead { get; set; }

        /// <summary>Per input: the row values of a Number or Boolean input (NaN = missing), null for a Text input.</summary>
        public double[]?[] Numbers { get; }

        /// <summary>Per input: the row values of a Text input (null = missing), null for the others.</summary>
        public string?[]?[] Texts { get; }

        private int[] KeyEnds { get; }

        /// <summary>Per row: the score (what PredictBatch writes).</summary>
        public float[] Scores { get; }

        /// <summary>Per row: the probability (binary with a calibrator; NaN otherwise).</summary>
        public float[] Probabilities { get; }

        /// <summary>Per row: the predicted class (−1 for none).</summary>
        public int[] Classes { get; }

        /// <summary>Classes of a multiclass model (0 otherwise).</summary>
        public int ClassCount { get; }

        /// <summary>Row-major: <see cref="ClassCount"/> scores per row.</summary>
        public float[] ClassScores { get; }

        /// <summary>With reason codes: explanation values kept per row (contributions, and the base), row-major.</summary>
        public int ExplainedValues { get; }

        /// <summary>With reason codes: input indexes kept per row, strongest first, row-major.</summary>
        public int ExplainedRanks { get; }

        /// <summary>Row-major explanation values (see <see cref="ExplainedValues"/>).</summary>
        public double[] Explained { get; }

        /// <summary>Row-major ranked inputs (see <see cref="ExplainedRanks"/>).</summary>
        public int[] Ranks { get; }

        /// <summary>Empties the chunk, whose first row will be row <paramref name="firstRow"/> of the file.</summary>
        public void Reset(long firstRow)
        {
            Count = 0;
            FirstRow = firstRow;
            _keyLength = 0;
        }

        /// <summary>Counts one more row, whose inputs and keys were just set at index <see cref="Count"/>.</summary>
        public void CompleteRow() => Count++;

        /// <summary>Keeps key field <paramref name="key"/> of the row at index <see cref="Count"/> (keys added in order).</summary>
        public void AddKey(int key, ReadOnlySpan<char> value)
        {
            if (_keyLength + value.Length > _keyChars.Length) Array.Resize(ref _keyChars, Math.Max(_keyChars.Length * 2, _keyLength + value.Length));
            value.CopyTo(_keyChars.AsSpan(_keyLength));
            _keyLength += value.Length;
            KeyEnds[Count * _keyColumns + key] = _keyLength;
        }

        /// <summary>Key field <paramref name="key"/> of row <paramref name="row"/>.</summary>
        public ReadOnlySpan<char> Key(int row, int key)
        {
            int at = row * _keyColumns + key;
            int start = at == 0 ? 0 : KeyEnds[at - 1];
            return _keyChars.AsSpan(start, KeyEnds[at] - start);
        }
    }
}
