using System.Collections.Generic;
using System.Runtime.CompilerServices;

namespace DbScoring.Runtime.Predictors
{
    /// <summary>
    /// Building the tables in a stored test order (section 8) without an intermediate table by test number: each test is
    /// written once, straight to its final place, and the order is checked on the final table — as strictly as
    /// <see cref="ThresholdTests.FromOrder"/> checks it (it must be exactly the canonical order).
    /// </summary>
    internal sealed partial class QuickScorerForest
    {
        /// <summary>
        /// The threshold tests of <paramref name="trees"/> in <paramref name="order"/>, with the trees validated and their
        /// leaves taken into <paramref name="leaves"/>; null, having thrown nothing, when the order is not exactly the
        /// canonical order of the trees' tests or a tree's arrays are not what the placement expects — then the general
        /// build decides (and names the error).
        /// </summary>
        [MethodImpl(HotPath.Options)] // load time, once per forest
        private static ThresholdTests? InStoredOrder(IReadOnlyList<RegressionTree> trees, int featureCount, bool narrow, int[] order, int testCount, TreeLeaves leaves)
        {
            if (order.Length != testCount) return null;
            var placement = StoredPlacement.TryCreate(trees, featureCount, order, testCount);
            if (placement == null) return null;
            int[] start = placement.Start;
            int total = start[start.Length - 1];
            var tests = Arrays.Uninitialized<ThresholdTest>(total);
            var failsWhenMissing = Arrays.Uninitialized<bool>(total);
            if (!TakeTrees(trees, featureCount, narrow, leaves, tests, failsWhenMissing, null, placement)) return null;
            return ThresholdTests.FromPlacement(placement.Source, start, tests, failsWhenMissing, order);
        }
    }

    internal sealed partial class ThresholdTests
    {
        /// <summary>
        /// The tables once every test is in its place (<see cref="StoredPlacement"/>: each in its feature's group, each
        /// place taken once): the groups' sentinels written, then each group checked to ascend by threshold and, for equal
        /// thresholds, by test number (<paramref name="order"/> holds the numbers: position p of group g is order[p − g]).
        /// Null when a group does not ascend.
        /// </summary>
        [MethodImpl(HotPath.Options)]
        internal static ThresholdTests? FromPlacement(int[] source, int[] start, ThresholdTest[] tests, bool[] failsWhenMissing, int[] order)
        {
            int groups = source.Length;
            var scale = new float[groups];
            for (int g = 0; g < groups; g++)
            {
                int first = start[g], sentinel = start[g + 1] - 1;
                for (int p = first + 1; p < sentinel; p++)
                {
                    float threshold = tests[p].Threshold, previous = tests[p - 1].Threshold;
                    if (!(threshold > previous || (threshold == previous && order[p - g] > order[p - g - 1]))) return null;
                }
                EndGroup(tests, sentinel);
                failsWhenMissing[sentinel] = false;
                scale[g] = 1f;
            }
            return new ThresholdTests(source, scale, start, tests, failsWhenMissing);
        }
    }

    /// <summary>
    /// Where each test of a stored order goes in the final table: the groups by feature in ascending order, each sized by
    /// the trees' own tests of that feature and followed by its sentinel, and order position k of group g at k + g.
    /// </summary>
    internal sealed class StoredPlacement
    {
        private readonly int[] _position;   // per test number: its place in the final table, plus one (0: not listed)
        private readonly int[] _groupFirst; // per feature: the first place of its group
        private readonly int[] _groupEnd;   // per feature: its group's sentinel (equal to the first place: no tests)

        private StoredPlacement(int[] position, int[] groupFirst, int[] groupEnd, int[] source, int[] start)
        {
            _position = position;
            _groupFirst = groupFirst;
            _groupEnd = groupEnd;
            Source = source;
            Start = start;
        }

        /// <summary>Per group: the feature it reads.</summary>
        internal int[] Source { get; }

        /// <summary>Per group: its first place; then the table's length (sentinels included).</summary>
        internal int[] Start { get; }

        /// <summary>
        /// The placement of <paramref name="order"/> over the trees' tests, or null when the order does not list each of
        /// the <paramref name="testCount"/> test numbers once, or a test's feature is outside 0..<paramref name="featureCount"/> − 1
        /// or spread so far that a table per feature would not pay (the general build takes those).
        /// </summary>
        [MethodImpl(HotPath.Options)]
        internal static StoredPlacement? TryCreate(IReadOnlyList<RegressionTree> trees, int featureCount, int[] order, int testCount)
        {
            int largest = -1;
            foreach (var tree in trees)
            {
                float[] threshold = tree.Threshold;
                int[] feature = tree.SplitFeature;
                if (feature.Length != threshold.Length) return null;
                for (int n = 0; n < threshold.Length; n++)
                {
                    if (float.IsNaN(threshold[n])) continue;
                    int f = feature[n];
                    if ((uint)f >= (uint)featureCount) return null;
                    if (f > largest) largest = f;
                }
            }
            if (largest >= 2L * testCount + 64) return null;

            var groupFirst = new int[largest + 1]; // the tests per feature first
            foreach (var tree in trees)
            {
                float[] threshold = tree.Threshold;
                int[] feature = tree.SplitFeature;
                for (int n = 0; n < threshold.Length; n++)
                    if (!float.IsNaN(threshold[n])) groupFirst[feature[n]]++;
            }
            int groups = 0;
            foreach (int count in groupFirst)
                if (count > 0) groups++;

            var source = new int[groups];
            var start = new int[groups + 1];
            var groupEnd = new int[largest + 1];
            var position = new int[testCount];
            int at = 0, k = 0, g = 0;
            for (int f = 0; f <= largest; f++)
            {
                int count = groupFirst[f];
                if (count == 0) continue;
                source[g] = f;
                start[g++] = at;
                groupFirst[f] = at;
                groupEnd[f] = at + count;
                for (int j = 0; j < count; j++)
                {
                    int test = order[k++];
                    if ((uint)test >= (uint)testCount || position[test] != 0) return null;
                    position[test] = at + j + 1;
                }
                at += count + 1; // the group's sentinel
            }
            start[groups] = at;
            return new StoredPlacement(position, groupFirst, groupEnd, source, start);
        }

        /// <summary>The place of test <paramref name="test"/>, which tests <paramref name="feature"/>; −1 when the order put it in another feature's group.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        internal int Place(int test, int feature)
        {
            int at = _position[test] - 1;
            return (uint)feature < (uint)_groupFirst.Length && at >= _groupFirst[feature] && at < _groupEnd[feature] ? at : -1;
        }
    }
}
