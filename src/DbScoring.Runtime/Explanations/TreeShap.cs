namespace DbScoring.Runtime.Explanations
{
    /// <summary>
    /// Path-dependent TreeSHAP: Lundberg, Erion, Lee, "Consistent Individualized Feature Attribution for Tree Ensembles"
    /// (2018), Algorithm 2 — exact Shapley values of E[f(x) | x_S], where the expectation follows x at splits on inputs in
    /// S and weighs both children by their reference-row shares elsewhere. The players are the model's inputs (a split's
    /// slot is mapped to the input it came from), so a categorical input's one-hot slots act as one player; Algorithm 2
    /// handles a player tested several times on a path (the UNWIND step). O(leaves × depth²) per tree.
    /// </summary>
    /// <remarks>
    /// Follows the paper's pseudo-code with 0-based arrays, as the reference C++ implementation in the shap package
    /// (tree_shap.h) lays it out: each recursion level copies its parent's path into the next region of one scratch
    /// array. A child whose incoming zero and one fractions are both 0 contributes exactly 0 and is skipped, which also
    /// avoids the 0/0 the unwinding would otherwise divide by.
    /// </remarks>
    internal static class TreeShap
    {
        /// <summary>Path elements one explanation needs for trees of at most <paramref name="depth"/> internal nodes per path.</summary>
        internal static int PathCapacity(int depth) => (depth + 2) * (depth + 3) / 2 + 1;

        /// <summary>Adds tree <paramref name="tree"/>'s Shapley values for row <paramref name="x"/> to <paramref name="phi"/> (per input), times <paramref name="scale"/>.</summary>
        internal static void Add(ShapTree tree, float[] x, int offset, double[] phi, double scale, ShapScratch scratch)
        {
            if (tree.Tree.NodeCount == 0) return; // a single leaf: every contribution is 0, the value is all φ₀
            Recurse(tree, x, offset, 0, 0, 0, 1, 1, -1, phi, scale, scratch);
        }

        private static void Recurse(ShapTree tree, float[] x, int offset, int child, int depth, int parentStart,
            double zeroFraction, double oneFraction, int player, double[] phi, double scale, ShapScratch s)
        {
            int start = parentStart + depth + 1;
            // Paths are short (a tree's depth): one plain loop beats four Array.Copy calls and their argument checks.
            int[] players = s.Player;
            double[] zeros = s.Zero, ones = s.One, weights = s.Weight;
            for (int i = 0; i <= depth; i++)
            {
                players[start + i] = players[parentStart + i];
                zeros[start + i] = zeros[parentStart + i];
                ones[start + i] = ones[parentStart + i];
                weights[start + i] = weights[parentStart + i];
            }
            Extend(s, start, depth, zeroFraction, oneFraction, player);

            if (child < 0)
            {
                double value = tree.Tree.LeafValues[~child] * scale;
                for (int i = 1; i <= depth; i++)
                {
                    double w = UnwoundSum(s, start, depth, i);
                    phi[s.Player[start + i]] += w * (s.One[start + i] - s.Zero[start + i]) * value;
                }
                return;
            }

            int node = child;
            int hot = tree.Tree.ChildFor(node, x, offset);
            bool hotIsLeft = hot == tree.Tree.Left[node];
            int cold = hotIsLeft ? tree.Tree.Right[node] : tree.Tree.Left[node];
            double hotShare = hotIsLeft ? tree.LeftShare[node] : tree.RightShare[node];
            double coldShare = hotIsLeft ? tree.RightShare[node] : tree.LeftShare[node];
            int split = tree.Players[node];

            double incomingZero = 1, incomingOne = 1;
            int k = 1;
            while (k <= depth && s.Player[start + k] != split) k++;
            if (k <= depth)
            {
                incomingZero = s.Zero[start + k];
                incomingOne = s.One[start + k];
                Unwind(s, start, depth, k);
                depth--;
            }

            double hotZero = hotShare * incomingZero;
            if (hotZero != 0 || incomingOne != 0)
                Recurse(tree, x, offset, hot, depth + 1, start, hotZero, incomingOne, split, phi, scale, s);
            double coldZero = coldShare * incomingZero;
            if (coldZero != 0)
                Recurse(tree, x, offset, cold, depth + 1, start, coldZero, 0, split, phi, scale, s);
        }

        /// <summary>EXTEND: appends (player, z, o) at position <paramref name="depth"/> and updates the permutation weights.</summary>
        private static void Extend(ShapScratch s, int start, int depth, double zero, double one, int player)
        {
            s.Player[start + depth] = player;
            s.Zero[start + depth] = zero;
            s.One[start + depth] = one;
            s.Weight[start + depth] = depth == 0 ? 1 : 0;
            double[] w = s.Weight;
            double perLength = 1.0 / (depth + 1); // one division per EXTEND, not two per element
            for (int i = depth - 1; i >= 0; i--)
            {
                w[start + i + 1] += one * w[start + i] * (i + 1) * perLength;
                w[start + i] = zero * w[start + i] * (depth - i) * perLength;
            }
        }

        /// <summary>UNWIND: removes element <paramref name="index"/> from the path (undoing its EXTEND).</summary>
        private static void Unwind(ShapScratch s, int start, int depth, int index)
        {
            double one = s.One[start + index], zero = s.Zero[start + index];
            double[] w = s.Weight;
            double next = w[start + depth];
            for (int i = depth - 1; i >= 0; i--)
            {
                if (one != 0)
                {
                    double tmp = w[start + i];
                    w[start + i] = next * (depth + 1) / ((i + 1) * one);
                    next = tmp - w[start + i] * zero * (depth - i) / (depth + 1);
                }
                else
                {
                    w[start + i] = w[start + i] * (depth + 1) / (zero * (depth - i));
                }
            }
            for (int i = index; i < depth; i++)
            {
                s.Player[start + i] = s.Player[start + i + 1];
                s.Zero[start + i] = s.Zero[start + i + 1];
                s.One[start + i] = s.One[start + i + 1];
            }
        }

        /// <summary>The total permutation weight the path would have without element <paramref name="index"/>.</summary>
        private static double UnwoundSum(ShapScratch s, int start, int depth, int index)
        {
            double one = s.One[start + index], zero = s.Zero[start + index];
            double[] w = s.Weight;
            double next = w[start + depth], total = 0;
            // The leaf loop of Algorithm 2 runs depth² times per leaf: divide once per element, multiply inside.
            double[] reciprocal = s.Reciprocal; // 1 / k
            if (one != 0)
            {
                double perOne = 1.0 / one;
                for (int i = depth - 1; i >= 0; i--)
                {
                    double tmp = next * reciprocal[i + 1] * perOne;
                    total += tmp;
                    next = w[start + i] - tmp * zero * (depth - i);
                }
            }
            else
            {
                double perZero = 1.0 / zero;
                for (int i = depth - 1; i >= 0; i--) total += w[start + i] * reciprocal[depth - i] * perZero;
            }
            return total * (depth + 1);
        }
    }

    /// <summary>Per-scorer scratch for <see cref="TreeShap"/>: the path elements of every recursion level, in one region each.</summary>
    internal sealed class ShapScratch
    {
        internal ShapScratch(int capacity)
        {
            Player = new int[capacity];
            Zero = new double[capacity];
            One = new double[capacity];
            Weight = new double[capacity];
            Reciprocal = new double[capacity + 1];
            for (int k = 1; k < Reciprocal.Length; k++) Reciprocal[k] = 1.0 / k;
        }

        internal readonly int[] Player;
        internal readonly double[] Zero;
        internal readonly double[] One;
        internal readonly double[] Weight;

        /// <summary>1 / k for k = 1 … capacity (index 0 unused): the leaf loop multiplies instead of dividing.</summary>
        internal readonly double[] Reciprocal;
    }
}
