using DbScoring.Runtime.Predictors;

namespace DbScoring.Runtime.Explanations
{
    /// <summary>
    /// One regression tree prepared for TreeSHAP: per internal node the player (input) its split reads and the share of
    /// the reference rows that go left and right; the tree's expected output. Built once per model from the plain tree
    /// arrays and the leaf covers; immutable.
    /// </summary>
    /// <remarks>
    /// Share of child c of node j = cover(c) / (cover(left) + cover(right)), with cover(node) = Σ covers of its leaves.
    /// A node no reference row reached (both covers 0) splits its share equally: the reference rows say nothing about
    /// that region, and an equal split keeps the shares a distribution, so the sum property holds there too.
    /// </remarks>
    internal sealed class ShapTree
    {
        internal ShapTree(RegressionTree tree, int[] players, double[] leafCovers)
        {
            Tree = tree;
            Players = players;
            int n = tree.NodeCount;
            LeftShare = new double[n];
            RightShare = new double[n];
            if (n == 0)
            {
                Expected = tree.LeafValues[0];
                return;
            }
            var cover = new double[n];
            // Children always have larger indices than their parent in ML.NET trees, but do not rely on it: post-order.
            var order = new int[n];
            var stack = new int[n];
            int top = 0, count = 0;
            stack[top++] = 0;
            while (top > 0)
            {
                int node = stack[--top];
                order[count++] = node;
                if (tree.Left[node] >= 0) stack[top++] = tree.Left[node];
                if (tree.Right[node] >= 0) stack[top++] = tree.Right[node];
            }
            for (int i = count - 1; i >= 0; i--) // reverse pre-order: children before parents
            {
                int node = order[i];
                double left = CoverOf(tree.Left[node], cover, leafCovers), right = CoverOf(tree.Right[node], cover, leafCovers);
                cover[node] = left + right;
                if (cover[node] > 0) { LeftShare[node] = left / cover[node]; RightShare[node] = right / cover[node]; }
                else { LeftShare[node] = 0.5; RightShare[node] = 0.5; }
            }
            Expected = ExpectedBelow(0);
        }

        /// <summary>The tree: structure, routing, leaf values.</summary>
        internal RegressionTree Tree { get; }

        /// <summary>Per internal node: the input whose value decides the split.</summary>
        internal int[] Players { get; }

        /// <summary>Per internal node: the share of its reference rows that go left.</summary>
        internal double[] LeftShare { get; }

        /// <summary>Per internal node: the share of its reference rows that go right.</summary>
        internal double[] RightShare { get; }

        /// <summary>E[tree output] over the reference rows (the shares): TreeSHAP's φ₀ for this tree.</summary>
        internal double Expected { get; }

        /// <summary>The longest root-to-leaf path, in internal nodes.</summary>
        internal int Depth => DepthBelow(Tree.NodeCount == 0 ? ~0 : 0);

        private static double CoverOf(int child, double[] cover, double[] leafCovers) => child < 0 ? leafCovers[~child] : cover[child];

        private double ExpectedBelow(int child)
        {
            if (child < 0) return Tree.LeafValues[~child];
            return LeftShare[child] * ExpectedBelow(Tree.Left[child]) + RightShare[child] * ExpectedBelow(Tree.Right[child]);
        }

        private int DepthBelow(int child) =>
            child < 0 ? 0 : 1 + System.Math.Max(DepthBelow(Tree.Left[child]), DepthBelow(Tree.Right[child]));
    }
}
