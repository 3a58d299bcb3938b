using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Text.Json;
using DbScoring.Runtime;
using Xunit;

namespace DbScoring.Cli.Tests
{
    /// <summary>
    /// The bytes a loaded model keeps (<see cref="ModelMemory"/>, shown by <c>inspect</c>): each kind of object is sized as the
    /// CLR itself allocates it (its allocation counter is the oracle), shared objects count once, and a loaded model never
    /// keeps more than its load allocated.
    /// </summary>
    [Collection("trained models")]
    public sealed class ModelMemoryTests
    {
        private readonly TrainedModels _models;

        public ModelMemoryTests(TrainedModels models) => _models = models;

        private sealed class Node
        {
            public int Id;
            public double Weight;
            public float[]? Values;
            public Node? Next;
        }

        /// <summary>What <paramref name="make"/> builds and the bytes the CLR allocated on this thread to build it.</summary>
        private static (T Value, long Allocated) Allocate<T>(Func<T> make)
        {
            make(); // compiled and warm: the second call allocates only its result
            long before = GC.GetAllocatedBytesForCurrentThread();
            T value = make();
            long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
            return (value, allocated);
        }

        [Fact]
        public void Arrays_strings_and_objects_are_sized_as_the_CLR_allocates_them()
        {
            var floats = Allocate(() => new float[1000]);
            Assert.Equal(floats.Allocated, ModelMemory.ResidentBytes(floats.Value));
            var bytes = Allocate(() => new byte[13]);
            Assert.Equal(bytes.Allocated, ModelMemory.ResidentBytes(bytes.Value));
            var text = Allocate(() => new string('x', 37));
            Assert.Equal(text.Allocated, ModelMemory.ResidentBytes(text.Value));
            var references = Allocate(() => new object?[5]);
            Assert.Equal(references.Allocated, ModelMemory.ResidentBytes(references.Value));
            var pairs = Allocate(() => new KeyValuePair<int, double>[7]);
            Assert.Equal(pairs.Allocated, ModelMemory.ResidentBytes(pairs.Value));
            var node = Allocate(() => new Node { Id = 7, Weight = 0.5 });
            Assert.Equal(node.Allocated, ModelMemory.ResidentBytes(node.Value));
            var chain = Allocate(() => new Node { Values = new float[20], Next = new Node { Values = new float[3] } });
            Assert.Equal(chain.Allocated, ModelMemory.ResidentBytes(chain.Value));
        }

        [Fact]
        public void An_object_reached_twice_is_counted_once()
        {
            var shared = new float[100];
            var twice = new object[] { shared, shared, new Node { Values = shared } };
            long alone = ModelMemory.ResidentBytes(new object[3]) + ModelMemory.ResidentBytes(shared) + ModelMemory.ResidentBytes(new Node());
            Assert.Equal(alone, ModelMemory.ResidentBytes(twice));
        }

        [Theory]
        [InlineData("logistic")]
        [InlineData("trees")]
        public void A_loaded_model_keeps_at_most_what_its_load_allocated_and_inspect_reports_it(string which)
        {
            string blobPath = Path.Combine(_models.NewFolder(), which + ".dbsm");
            Cli.Expect(0, "convert", which == "trees" ? _models.BinaryZip2 : _models.BinaryZip, "--output", blobPath, "--sample", _models.Customers);
            byte[] blob = File.ReadAllBytes(blobPath);
            var (model, allocated) = Allocate(() => ScoringModel.Load(blob));
            long resident = ModelMemory.ResidentBytes(model);
            // The load also allocates what it throws away (the hash, parse buffers); a few shared runtime singletons (ordinal
            // comparers) were allocated before it and are still counted, hence the small allowance.
            Assert.InRange(resident, 1024, allocated + 1024);

            string text = Cli.Expect(0, "inspect", blobPath).Out;
            Assert.Contains($"memory:     {resident.ToString("N0", CultureInfo.InvariantCulture)} bytes when loaded", text);
            using var json = JsonDocument.Parse(Cli.Expect(0, "inspect", blobPath, "--json").Out);
            Assert.Equal(resident, json.RootElement.GetProperty("residentBytes").GetInt64());
        }
    }
}
