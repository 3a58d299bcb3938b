using System;

namespace DbScoring.Runtime.Explanations
{
    /// <summary>How contributions are computed. Persisted in logs as text — keep the names.</summary>
    public enum ExplanationMethod
    {
        /// <summary>Linear model: contribution of an input = Σ weight × transformed value over the slots it produced; base = bias.</summary>
        Linear = 1,
        /// <summary>Tree ensemble: path-dependent TreeSHAP (Lundberg et al. 2018, Algorithm 2); base = expected value under the node covers.</summary>
        TreeShap = 2,
    }

    /// <summary>
    /// Reason codes for one row: one contribution per input on the raw score scale, so that
    /// <see cref="Base"/> + Σ <see cref="Contributions"/> = <see cref="RawScore"/> up to float rounding. A caller-owned,
    /// reusable buffer: create one per <see cref="Scorer"/> and pass it to <see cref="Scorer.Explain"/> for every row —
    /// it is overwritten, and nothing is allocated per row.
    /// </summary>
    public sealed class Explanation
    {
        private readonly int[] _ranked;
        private readonly int[] _mergeScratch;

        /// <summary>Creates a buffer for rows of <paramref name="model"/>.</summary>
        public Explanation(ScoringModel model)
        {
            if (model == null) throw new ArgumentNullException(nameof(model));
            Model = model;
            Contributions = new double[model.Inputs.Count];
            _ranked = new int[model.Inputs.Count];
            _mergeScratch = new int[model.Inputs.Count];
            ClassIndex = -1;
        }

        /// <summary>The model whose rows this buffer explains.</summary>
        public ScoringModel Model { get; }

        /// <summary>
        /// One contribution per input, in <see cref="ScoringModel.Inputs"/> order, on the raw score scale. NaN when the
        /// raw score is NaN because of this input (a missing number the model does not replace, in a linear model).
        /// </summary>
        public double[] Contributions { get; }

        /// <summary>Linear: the bias; trees: the expected raw score over the reference rows (the node covers).</summary>
        public double Base { get; internal set; }

        /// <summary>The raw score explained, as the model computed it (float, widened).</summary>
        public double RawScore { get; internal set; }

        /// <summary>Multiclass: the explained class (index into <see cref="ScoringModel.ClassLabels"/>); −1 otherwise, or when no class was predicted.</summary>
        public int ClassIndex { get; internal set; }

        /// <summary>The explained class label; null for binary and regression models.</summary>
        public string? ClassLabel => ClassIndex < 0 || Model.Kind != PredictionKind.MulticlassClassification ? null : Model.ClassLabels[ClassIndex];

        /// <summary>How the contributions were computed.</summary>
        public ExplanationMethod Method { get; internal set; }

        /// <summary>What the raw score is, in words (for output headers and JSON): e.g. "raw score (margin), before calibration".</summary>
        public string Scale { get; internal set; } = "";

        /// <summary>
        /// Input indices ordered strongest first: by |contribution| descending, NaN first (it decided the score),
        /// ties by input order. Filled by <see cref="Scorer.Explain"/>.
        /// </summary>
        public int[] Ranked => _ranked;

        /// <summary>Sorts <see cref="Ranked"/>: a stable merge sort in caller-owned space (no allocation, same order on every runtime).</summary>
        internal void Rank()
        {
            int n = _ranked.Length;
            for (int i = 0; i < n; i++) _ranked[i] = i;
            int[] from = _ranked, to = _mergeScratch;
            for (int width = 1; width < n; width *= 2)
            {
                for (int lo = 0; lo < n; lo += 2 * width)
                {
                    int mid = Math.Min(lo + width, n), hi = Math.Min(lo + 2 * width, n);
                    int a = lo, b = mid, k = lo;
                    while (a < mid && b < hi) to[k++] = Stronger(from[b], from[a]) ? from[b++] : from[a++];
                    while (a < mid) to[k++] = from[a++];
                    while (b < hi) to[k++] = from[b++];
                }
                int[] swap = from; from = to; to = swap;
            }
            if (!ReferenceEquals(from, _ranked)) Array.Copy(from, _ranked, n);
        }

        /// <summary>Whether input x ranks strictly before input y (strictly stronger; ties keep input order).</summary>
        private bool Stronger(int x, int y)
        {
            double cx = Contributions[x], cy = Contributions[y];
            if (double.IsNaN(cx)) return !double.IsNaN(cy);
            if (double.IsNaN(cy)) return false;
            return Math.Abs(cx) > Math.Abs(cy);
        }
    }
}
