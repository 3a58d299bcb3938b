using System.Collections.Generic;
using DbScoring.Runtime.Explanations;
using DbScoring.Runtime.Predictors;

namespace DbScoring.Runtime.Format
{
    /// <summary>
    /// Reads and writes the QuickScorerOrder section (id 8, optional, format 1.2; docs/model-format.md): per tree ensemble,
    /// the canonical order of its threshold tests (<see cref="ThresholdTests.CanonicalOrder"/>), so that loading skips the
    /// sort. The order is checked against the trees in one pass when the tables are built (<see cref="ThresholdTests.FromOrder"/>);
    /// a blob whose section disagrees is refused.
    /// </summary>
    /// <remarks>
    /// Layout (all integers little-endian):
    /// <code>
    /// ensembleCount u32 | per ensemble: order i32[] (count-prefixed; empty for an ensemble that is walked, not QuickScored)
    /// </code>
    /// Ensembles are the predictor's tree-ensemble score functions in predictor order, as in the Explanations section
    /// (<see cref="ExplainedFunctions.TreeEnsembles"/>).
    /// </remarks>
    internal static class QuickScorerOrderCodec
    {
        /// <summary>Whether the section is written for <paramref name="predictor"/>: it has an ensemble scored by QuickScorer.</summary>
        internal static bool Applies(Predictor predictor)
        {
            foreach (var ensemble in ExplainedFunctions.TreeEnsembles(predictor))
                if (ensemble.QuickScorer != null) return true;
            return false;
        }

        internal static void Write(BlobWriter writer, Predictor predictor)
        {
            var ensembles = ExplainedFunctions.TreeEnsembles(predictor);
            writer.WriteInt32(ensembles.Count);
            foreach (var ensemble in ensembles)
                writer.WriteInt32Array(ensemble.QuickScorer != null ? QuickScorerForest.TestOrder(ensemble.Trees) : new int[0]);
        }

        internal static StoredTestOrders Read(BlobReader reader)
        {
            int ensembles = reader.ReadCount(4, "ensemble count");
            var orders = new int[ensembles][];
            for (int e = 0; e < ensembles; e++) orders[e] = reader.ReadInt32Array("test count");
            reader.ExpectEnd();
            return new StoredTestOrders(orders);
        }
    }

    /// <summary>
    /// The test orders of section 8 while the predictor is read: each tree ensemble takes the next one
    /// (<see cref="BlobReader.TestOrders"/>), and every one must be taken.
    /// </summary>
    internal sealed class StoredTestOrders
    {
        private readonly int[][] _orders;
        private int _next;

        internal StoredTestOrders(int[][] orders) => _orders = orders;

        /// <summary>The order of the next tree ensemble in predictor order.</summary>
        internal int[] Next()
        {
            if (_next >= _orders.Length)
                throw new ModelFormatException($"The QuickScorerOrder section has orders for {_orders.Length} tree ensembles; the predictor has more. Convert the model again.");
            return _orders[_next++];
        }

        /// <summary>Fails unless every order was taken by an ensemble.</summary>
        internal void ExpectAllTaken()
        {
            if (_next != _orders.Length)
                throw new ModelFormatException($"The QuickScorerOrder section has orders for {_orders.Length} tree ensembles; the predictor has {_next}. Convert the model again.");
        }
    }
}
