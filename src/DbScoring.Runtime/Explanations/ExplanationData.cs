using System;
using System.Collections.Generic;

namespace DbScoring.Runtime.Explanations
{
    /// <summary>
    /// What the blob's Explanations section (id 7) holds: the node covers TreeSHAP needs, recorded at conversion by
    /// running reference rows (the user's sample) through the trees (<see cref="CoverRecorder"/>). Immutable.
    /// </summary>
    /// <remarks>
    /// Only leaf covers are stored: the cover of an internal node is the sum of the covers of the leaves below it
    /// (a row reaches a node exactly when it reaches one of its leaves), so nothing stored can contradict itself.
    /// Covers are weights ≥ 0 — row counts from <see cref="CoverRecorder"/>, or any additive weight a converter has
    /// (XGBoost's hessian sums, for one).
    /// </remarks>
    public sealed class ExplanationData
    {
        private readonly double[][][] _leafCovers;

        /// <summary>Creates the section's content.</summary>
        /// <param name="coverSource">Where the covers came from, for people ("1000 rows of sample churn.csv").</param>
        /// <param name="referenceRows">How many reference rows were run through the trees (0 when not counted in rows).</param>
        /// <param name="leafCovers">
        /// Per tree-ensemble score function of the predictor, in predictor order (binary and regression: one; one-versus-all:
        /// one per class whose function is an ensemble), per tree, per leaf: the cover.
        /// </param>
        public ExplanationData(string coverSource, long referenceRows, IReadOnlyList<IReadOnlyList<double[]>> leafCovers)
        {
            CoverSource = coverSource ?? throw new ArgumentNullException(nameof(coverSource));
            if (referenceRows < 0) throw new ArgumentOutOfRangeException(nameof(referenceRows), referenceRows, "A row count cannot be negative.");
            if (leafCovers == null) throw new ArgumentNullException(nameof(leafCovers));
            ReferenceRows = referenceRows;
            _leafCovers = new double[leafCovers.Count][][];
            for (int e = 0; e < leafCovers.Count; e++)
            {
                var trees = leafCovers[e] ?? throw new ArgumentException($"Ensemble {e} has no covers.", nameof(leafCovers));
                _leafCovers[e] = new double[trees.Count][];
                for (int t = 0; t < trees.Count; t++)
                    _leafCovers[e][t] = (double[])(trees[t] ?? throw new ArgumentException($"Tree {t} of ensemble {e} has no covers.", nameof(leafCovers))).Clone();
            }
        }

        /// <summary>Where the covers came from, for people.</summary>
        public string CoverSource { get; }

        /// <summary>How many reference rows were run through the trees.</summary>
        public long ReferenceRows { get; }

        /// <summary>Number of tree ensembles covered.</summary>
        public int EnsembleCount => _leafCovers.Length;

        /// <summary>The covers of the leaves of tree <paramref name="tree"/> of ensemble <paramref name="ensemble"/> (a copy).</summary>
        public double[] LeafCovers(int ensemble, int tree) => (double[])_leafCovers[ensemble][tree].Clone();

        /// <summary>Number of trees of ensemble <paramref name="ensemble"/>.</summary>
        public int TreeCount(int ensemble) => _leafCovers[ensemble].Length;

        internal double[] LeafCoversNoCopy(int ensemble, int tree) => _leafCovers[ensemble][tree];
    }
}
