using System.Collections.Generic;
using DbScoring.Runtime.Format;
using DbScoring.Runtime.Predictors;

namespace DbScoring.Runtime.Explanations
{
    /// <summary>
    /// Reads and writes the Explanations section (id 7, optional, format 1.1; docs/model-format.md).
    /// </summary>
    /// <remarks>
    /// Layout (all integers little-endian):
    /// <code>
    /// coverSource string | referenceRows f64 (an exact integer) | ensembleCount i32
    /// per ensemble:  treeCount i32 | per tree: leafCovers f64[] (count-prefixed, one per leaf, ≥ 0 and finite)
    /// </code>
    /// Ensembles are the predictor's tree-ensemble score functions in predictor order (<see cref="ExplainedFunctions"/>).
    /// </remarks>
    internal static class ExplanationCodec
    {
        internal static void Write(BlobWriter writer, ExplanationData data)
        {
            writer.WriteString(data.CoverSource);
            writer.WriteDouble(data.ReferenceRows);
            writer.WriteInt32(data.EnsembleCount);
            for (int e = 0; e < data.EnsembleCount; e++)
            {
                int trees = data.TreeCount(e);
                writer.WriteInt32(trees);
                for (int t = 0; t < trees; t++) writer.WriteDoubleArray(data.LeafCoversNoCopy(e, t));
            }
        }

        internal static ExplanationData Read(BlobReader reader)
        {
            string source = reader.ReadString();
            double rows = reader.ReadDouble();
            if (!(rows >= 0 && rows <= 9e15) || rows != System.Math.Floor(rows)) throw reader.Fail($"reference row count {rows} is not a whole number ≥ 0");
            int ensembles = reader.ReadCount(4, "ensemble count");
            var covers = new List<IReadOnlyList<double[]>>(ensembles);
            for (int e = 0; e < ensembles; e++)
            {
                int trees = reader.ReadCount(4, "tree count");
                var list = new List<double[]>(trees);
                for (int t = 0; t < trees; t++)
                {
                    double[] leaves = reader.ReadDoubleArray("leaf cover count");
                    for (int l = 0; l < leaves.Length; l++)
                        if (!(leaves[l] >= 0) || double.IsInfinity(leaves[l]))
                            throw reader.Fail($"ensemble {e}, tree {t}, leaf {l}: cover {leaves[l]} is not a finite weight ≥ 0");
                    list.Add(leaves);
                }
                covers.Add(list);
            }
            reader.ExpectEnd();
            return new ExplanationData(source, (long)rows, covers);
        }

        /// <summary>Checks that the covers fit the predictor's trees: one block per ensemble, one cover per leaf.</summary>
        internal static void Validate(ExplanationData data, Predictor predictor)
        {
            var ensembles = ExplainedFunctions.TreeEnsembles(predictor);
            if (ensembles.Count != data.EnsembleCount)
                throw new ModelFormatException($"The Explanations section has covers for {data.EnsembleCount} tree ensembles; the predictor has {ensembles.Count}.");
            for (int e = 0; e < ensembles.Count; e++)
            {
                var trees = ensembles[e].Trees;
                if (trees.Count != data.TreeCount(e))
                    throw new ModelFormatException($"The Explanations section has covers for {data.TreeCount(e)} trees in ensemble {e}; it has {trees.Count}.");
                for (int t = 0; t < trees.Count; t++)
                    if (data.LeafCoversNoCopy(e, t).Length != trees[t].LeafValues.Length)
                        throw new ModelFormatException($"The Explanations section has {data.LeafCoversNoCopy(e, t).Length} leaf covers for tree {t} of ensemble {e}, which has {trees[t].LeafValues.Length} leaves.");
            }
        }
    }

    /// <summary>The score functions a predictor explains, one per output it scores (class or single score), in predictor order.</summary>
    internal static class ExplainedFunctions
    {
        /// <summary>Binary and regression: the one function; multiclass: one per class in class order.</summary>
        internal static IReadOnlyList<ScoreFunction> Of(Predictor predictor)
        {
            switch (predictor)
            {
                case BinaryPredictor b: return new[] { b.Function };
                case RegressionPredictor r: return new[] { r.Function };
                case MulticlassLinearPredictor m:
                    var classes = new ScoreFunction[m.Classes.Count];
                    for (int k = 0; k < classes.Length; k++) classes[k] = m.Classes[k];
                    return classes;
                case OneVersusAllPredictor o: return o.Functions;
                default: throw new ModelFormatException($"Predictor kind {predictor.Kind} has no explanation rule.");
            }
        }

        /// <summary>The tree-ensemble functions among <see cref="Of"/>, in the same order: the Explanations section's ensembles.</summary>
        internal static List<TreeEnsembleScoreFunction> TreeEnsembles(Predictor predictor)
        {
            var result = new List<TreeEnsembleScoreFunction>();
            foreach (var function in Of(predictor))
                if (function is TreeEnsembleScoreFunction ensemble) result.Add(ensemble);
            return result;
        }
    }
}
