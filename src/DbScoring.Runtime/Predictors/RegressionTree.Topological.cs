using System.Runtime.CompilerServices;

namespace DbScoring.Runtime.Predictors
{
    public sealed partial class RegressionTree
    {
        /// <summary>
        /// <see cref="Validate"/>'s fast path for trees whose children are numbered after their parents (how ML.NET's
        /// trainers and our converters number them): two linear loops instead of a walk with a stack. Returns false —
        /// having thrown nothing — for any other tree, valid or not, and the walk then decides and names the error.
        /// <para>
        /// Why it is enough: every child index is in range and greater than its parent's, and no node or leaf is named
        /// twice; the 2·n children of n internal nodes then name n − 1 distinct nodes other than the root and n + 1
        /// distinct leaves — every one of them, exactly once — and following parents from any node ends at the root
        /// (indices decrease), so the nodes form one tree rooted at node 0. The leaves are numbered left to right as the
        /// walk numbers them: a node's first leaf is its parent's first (left child) or that plus the left subtree's
        /// leaf count (right child), and parents come first in index order.
        /// </para>
        /// </summary>
        [MethodImpl(HotPath.Options)] // load time, once per tree
        private bool TryValidateTopological(int featureCount, Validation scratch)
        {
            int n = NodeCount;
            int stamp = scratch.NextStamp(n);
            int[] left = Left, right = Right, feature = SplitFeature;
            int[][]? categorical = _categoricalFeatures; // null: no categorical split
            int[] nodeStamp = scratch.NodeStamp, leafStamp = scratch.LeafStamp, leaves = scratch.SubtreeLeaves;
            int[] leafRank = scratch.LeafRank, firstLeaf = scratch.FirstLeaf;
            if (n == 0)
            {
                leafRank[0] = 0;
                return true;
            }

            // From the last node to the root: children checked and marked, and each subtree's leaves counted (children first).
            for (int i = n - 1; i >= 0; i--)
            {
                if ((uint)feature[i] >= (uint)featureCount || (categorical != null && categorical[i].Length != 0)) return false;
                int l = left[i], r = right[i], count;
                if (l >= 0)
                {
                    if (l <= i || l >= n || nodeStamp[l] == stamp) return false;
                    nodeStamp[l] = stamp;
                    count = leaves[l];
                }
                else
                {
                    int leaf = ~l;
                    if (leaf > n || leafStamp[leaf] == stamp) return false;
                    leafStamp[leaf] = stamp;
                    count = 1;
                }
                if (r >= 0)
                {
                    if (r <= i || r >= n || nodeStamp[r] == stamp) return false;
                    nodeStamp[r] = stamp;
                    count += leaves[r];
                }
                else
                {
                    int leaf = ~r;
                    if (leaf > n || leafStamp[leaf] == stamp) return false;
                    leafStamp[leaf] = stamp;
                    count++;
                }
                leaves[i] = count;
            }

            // From the root down: each node's first leaf, left to right.
            firstLeaf[0] = 0;
            for (int i = 0; i < n; i++)
            {
                int first = firstLeaf[i], l = left[i], r = right[i], afterLeft;
                if (l >= 0) { firstLeaf[l] = first; afterLeft = first + leaves[l]; }
                else { leafRank[~l] = first; afterLeft = first + 1; }
                if (r >= 0) firstLeaf[r] = afterLeft;
                else leafRank[~r] = afterLeft;
            }
            return true;
        }
    }
}
