using System;
using System.Collections.Generic;
using DbScoring.Runtime.Predictors;

namespace DbScoring.Runtime.Explanations
{
    /// <summary>
    /// Records node covers for TreeSHAP: runs reference rows (typically the user's sample — rows like those the model
    /// will score) through the model's own transforms and trees and counts the rows reaching each leaf. Converters call
    /// it after building a model and attach <see cref="ToExplanationData"/> to the definition they write. Not thread-safe.
    /// </summary>
    /// <example>
    /// <code>
    /// var recorder = new CoverRecorder(model);
    /// foreach (var row in sample) { set each input on recorder.Scorer; recorder.Record(); }
    /// var definition = model.Definition.WithExplanations(recorder.ToExplanationData("1000 rows of churn.csv"));
    /// </code>
    /// </example>
    public sealed class CoverRecorder
    {
        private readonly List<TreeEnsembleScoreFunction> _ensembles;
        private readonly double[][][] _counts;

        /// <summary>Creates a recorder for <paramref name="model"/> (which need not have covers yet).</summary>
        public CoverRecorder(ScoringModel model)
        {
            if (model == null) throw new ArgumentNullException(nameof(model));
            Scorer = model.CreateScorer();
            _ensembles = ExplainedFunctions.TreeEnsembles(model.Definition.Predictor);
            _counts = new double[_ensembles.Count][][];
            for (int e = 0; e < _counts.Length; e++)
            {
                var trees = _ensembles[e].Trees;
                _counts[e] = new double[trees.Count][];
                for (int t = 0; t < trees.Count; t++) _counts[e][t] = new double[trees[t].LeafValues.Length];
            }
        }

        /// <summary>Set a row's inputs here, then call <see cref="Record"/>.</summary>
        public Scorer Scorer { get; }

        /// <summary>Whether the model has trees at all (linear models need no covers).</summary>
        public bool HasTrees => _ensembles.Count > 0;

        /// <summary>Rows recorded so far.</summary>
        public long Rows { get; private set; }

        /// <summary>Counts the row set on <see cref="Scorer"/> in every tree's leaf it reaches; the inputs are missing again afterwards.</summary>
        public void Record()
        {
            float[] features = Scorer.TransformAll(out int offset);
            for (int e = 0; e < _ensembles.Count; e++)
            {
                var trees = _ensembles[e].Trees;
                for (int t = 0; t < trees.Count; t++) _counts[e][t][trees[t].LeafFor(features, offset)] += 1;
            }
            Scorer.EndRow();
            Rows++;
        }

        /// <summary>The covers recorded, for the blob's Explanations section. Throws when no row was recorded.</summary>
        /// <param name="coverSource">Where the rows came from, for people ("1000 rows of churn.csv").</param>
        public ExplanationData ToExplanationData(string coverSource)
        {
            if (Rows == 0) throw new InvalidOperationException("No reference rows were recorded; covers from no rows would explain nothing.");
            var covers = new List<IReadOnlyList<double[]>>(_counts.Length);
            foreach (var ensemble in _counts) covers.Add(ensemble);
            return new ExplanationData(coverSource, Rows, covers);
        }
    }
}
