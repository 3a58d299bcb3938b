using System.Linq;
using DbScoring.Runtime.Predictors;
using Xunit;

namespace DbScoring.Runtime.Tests
{
    /// <summary>
    /// On .NET 10 the threshold scan indexes its tables without bounds checks; the tables' constructor is what keeps it
    /// inside them (whoever builds the tables: the trees at load, or a precomputed blob section).
    /// </summary>
    public sealed class QuickScorerTablesTests
    {
        private static ThresholdTest Test(float threshold, int tree) => new ThresholdTest { Threshold = threshold, Tree = tree, ClearMask = ~1UL };

        private static ThresholdTests Tables(int[] start, params ThresholdTest[] tests) =>
            new ThresholdTests(Enumerable.Range(0, start.Length - 1).ToArray(), Enumerable.Repeat(1f, start.Length - 1).ToArray(), start, tests, new bool[tests.Length]);

        [Fact]
        public void Well_formed_tables_name_their_largest_tree()
        {
            var tables = Tables(new[] { 0, 3, 5 }, Test(1f, 4), Test(2f, 7), Test(float.NaN, 0), Test(0f, 2), Test(float.NaN, 0));

            Assert.Equal(7, tables.LargestTree);
            Assert.Throws<System.ArgumentException>(() => tables.Apply(new[] { 5f, 5f }, 0, new ulong[7]));
        }

        [Fact]
        public void Tables_without_a_final_NaN_sentinel_are_refused()
        {
            var error = Assert.Throws<ModelFormatException>(() => Tables(new[] { 0, 2 }, Test(1f, 0), Test(2f, 1)));
            Assert.Contains("sentinel", error.Message);
        }

        [Fact]
        public void A_group_starting_outside_the_tests_is_refused()
        {
            var error = Assert.Throws<ModelFormatException>(() => Tables(new[] { 0, 2, 2 }, Test(1f, 0), Test(float.NaN, 0)));
            Assert.Contains("group 1", error.Message);
        }

        [Fact]
        public void A_negative_tree_is_refused()
        {
            var error = Assert.Throws<ModelFormatException>(() => Tables(new[] { 0, 2 }, Test(1f, -1), Test(float.NaN, 0)));
            Assert.Contains("tree -1", error.Message);
        }

        [Fact]
        public void A_scan_stops_at_its_group_sentinel_and_clears_only_failed_tests()
        {
            var tables = Tables(new[] { 0, 3, 5 }, Test(1f, 0), Test(2f, 1), Test(float.NaN, 0), Test(0f, 2), Test(float.NaN, 0));
            var masks = new[] { ulong.MaxValue, ulong.MaxValue, ulong.MaxValue };

            tables.Apply(new[] { 1.5f, -1f }, 0, masks); // group 0 fails its first test only; group 1 (value −1) fails none

            Assert.Equal(new[] { ~1UL, ulong.MaxValue, ulong.MaxValue }, masks);
        }

        private static KeyTests Keys(int[] slotStart, int[] tree, ulong[] clear) =>
            new KeyTests(new[] { 0 }, new[] { slotStart.Length - 1 }, new[] { 0 }, slotStart,
                tree.Select((t, i) => new KeyTest { Tree = t, ClearMask = clear[i] }).ToArray());

        [Fact]
        public void Key_tables_whose_slots_run_past_the_tests_are_refused()
        {
            var error = Assert.Throws<ModelFormatException>(() => Keys(new[] { 0, 1, 3 }, new[] { 0, 1 }, new[] { 1UL, 2UL }));
            Assert.Contains("slot 1", error.Message);
            Assert.Throws<ModelFormatException>(() => Keys(new[] { 0, 2, 1 }, new[] { 0, 1 }, new[] { 1UL, 2UL }));
            Assert.Throws<ModelFormatException>(() => Keys(new[] { 0, 2 }, new[] { 0, -3 }, new[] { 1UL, 2UL }));
        }

        [Fact]
        public void A_key_clears_the_tests_of_its_slot_only()
        {
            var keys = Keys(new[] { 0, 1, 3 }, new[] { 0, 1, 2 }, new[] { ~1UL, ~2UL, ~4UL });
            Assert.Equal(2, keys.LargestTree);
            var masks = new[] { ulong.MaxValue, ulong.MaxValue, ulong.MaxValue };

            keys.Apply(new uint[] { 2 }, masks); // key 2 selects slot 1: tests 1 and 2

            Assert.Equal(new[] { ulong.MaxValue, ~2UL, ~4UL }, masks);
            Assert.Throws<System.ArgumentException>(() => keys.Apply(new uint[] { 2 }, new ulong[2]));
        }

        [Fact]
        public void Grouping_merges_a_slots_tests_on_one_tree_into_one_clear_mask()
        {
            // Slot 0 fails nodes on trees 2, 0 and 2 again; slot 1 a node on tree 2.
            var keys = KeyTests.Group(new[] { 0 }, new[] { 2 }, new[] { 0 }, 2,
                slot: new[] { 0, 1, 0, 0 }, tree: new[] { 2, 2, 0, 2 }, clear: new[] { ~1UL, ~8UL, ~2UL, ~4UL }, count: 4);

            Assert.Equal(new[] { 0, 2, 3 }, keys.SlotStart);
            Assert.Equal(new[] { (2, ~5UL), (0, ~2UL), (2, ~8UL) }, keys.Tests.Select(t => (t.Tree, t.ClearMask)));
            var masks = new[] { ulong.MaxValue, ulong.MaxValue, ulong.MaxValue };
            keys.Apply(new uint[] { 1 }, masks); // key 1 selects slot 0
            Assert.Equal(new[] { ~2UL, ulong.MaxValue, ~5UL }, masks);
        }
    }
}
