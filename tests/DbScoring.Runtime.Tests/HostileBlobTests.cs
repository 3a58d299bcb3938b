using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using DbScoring.Runtime.Format;
using DbScoring.Runtime.Predictors;
using DbScoring.Runtime.Transforms;
using Xunit;

namespace DbScoring.Runtime.Tests
{
    /// <summary>
    /// Corrupt, truncated, tampered and unsupported blobs must fail with <see cref="ModelFormatException"/> — never
    /// another exception type, a hang or a huge allocation. A blob that does load must then score without throwing.
    /// </summary>
    public class HostileBlobTests
    {
        private static readonly List<TestModels.Row> FewRows = TestModels.Rows(12, seed: 7);

        /// <summary>Loads <paramref name="blob"/>: returns the ModelFormatException, or null when it loaded and scored.</summary>
        private static ModelFormatException? LoadAndScore(byte[] blob, string what)
        {
            ScoringModel model;
            try
            {
                model = ScoringModel.Load(blob);
            }
            catch (ModelFormatException ex)
            {
                Assert.False(string.IsNullOrWhiteSpace(ex.Message), what + ": empty message");
                return ex;
            }
            catch (Exception ex)
            {
                throw new Xunit.Sdk.XunitException($"{what}: {ex.GetType().FullName} instead of ModelFormatException: {ex}");
            }
            try
            {
                TestModels.ScoreAll(model, FewRows);
                model.DescribeJson();
            }
            catch (Exception ex)
            {
                throw new Xunit.Sdk.XunitException($"{what}: the blob loaded but scoring threw {ex.GetType().FullName}: {ex}");
            }
            return null;
        }

        private static ModelFormatException ExpectFormatError(byte[] blob, string what) =>
            LoadAndScore(blob, what) ?? throw new Xunit.Sdk.XunitException(what + ": the blob loaded, a ModelFormatException was expected");

        private static ModelFormatException ExpectFormatError(ModelDefinition definition, string what) =>
            ExpectFormatError(ModelSerializer.Write(definition), what);

        [Theory]
        [MemberData(nameof(TestModels.AllNames), MemberType = typeof(TestModels))]
        public void Every_truncation_of_a_real_blob_is_a_format_error(string name)
        {
            byte[] blob = ModelSerializer.Write(TestModels.ByName(name));
            for (int length = 0; length < blob.Length; length++)
                ExpectFormatError(blob.Take(length).ToArray(), $"prefix of {length} bytes");
        }

        [Theory]
        [MemberData(nameof(TestModels.AllNames), MemberType = typeof(TestModels))]
        public void Every_truncation_with_a_recomputed_hash_is_a_format_error(string name)
        {
            // The content is cut anywhere, then a valid trailer appended: the structure, not the hash, must catch it.
            byte[] blob = ModelSerializer.Write(TestModels.ByName(name));
            int content = BlobSurgery.ContentLength(blob);
            for (int length = FormatConstants.HeaderLength; length < content; length++)
            {
                var cut = new byte[length + FormatConstants.TrailerLength];
                Buffer.BlockCopy(blob, 0, cut, 0, length);
                ExpectFormatError(BlobSurgery.Rehash(cut), $"content cut to {length} bytes");
            }
        }

        [Theory]
        [MemberData(nameof(TestModels.AllNames), MemberType = typeof(TestModels))]
        public void Random_bit_flips_are_format_errors(string name)
        {
            byte[] blob = ModelSerializer.Write(TestModels.ByName(name));
            var random = new Random(1234);
            for (int i = 0; i < 3000; i++)
            {
                byte[] copy = (byte[])blob.Clone();
                int bit = random.Next(copy.Length * 8);
                copy[bit / 8] ^= (byte)(1 << (bit % 8));
                ExpectFormatError(copy, $"bit {bit} flipped");
            }
        }

        [Theory]
        [MemberData(nameof(TestModels.AllNames), MemberType = typeof(TestModels))]
        public void Bit_flips_behind_a_recomputed_hash_fail_as_format_errors_or_load_and_score(string name)
        {
            // Past the hash check the structural validation must hold on its own. Some flips (a weight, a metadata
            // character) give a different but valid model: that one must load and score without throwing.
            byte[] blob = ModelSerializer.Write(TestModels.ByName(name));
            int content = BlobSurgery.ContentLength(blob);
            var random = new Random(5678);
            int refused = 0;
            for (int i = 0; i < 3000; i++)
            {
                byte[] copy = (byte[])blob.Clone();
                int flips = 1 + random.Next(3);
                for (int f = 0; f < flips; f++)
                {
                    int bit = random.Next(content * 8);
                    copy[bit / 8] ^= (byte)(1 << (bit % 8));
                }
                if (LoadAndScore(BlobSurgery.Rehash(copy), $"flip #{i}") != null) refused++;
            }
            Assert.InRange(refused, 300, 3000); // most structural bytes are checked
        }

        [Theory]
        [MemberData(nameof(TestModels.AllNames), MemberType = typeof(TestModels))]
        public void Random_32_bit_values_written_anywhere_behind_a_recomputed_hash_never_escape_as_other_exceptions(string name)
        {
            byte[] blob = ModelSerializer.Write(TestModels.ByName(name));
            int content = BlobSurgery.ContentLength(blob);
            var random = new Random(91011);
            uint[] nasty = { 0xFFFFFFFF, 0x7FFFFFFF, 0x80000000, 0x04000000, 0x00010000, 0, 1, 2, 0xFFFFFFFE, 0x3FFFFFFF };
            for (int at = FormatConstants.HeaderLength; at + 4 <= content; at++)
            {
                byte[] copy = (byte[])blob.Clone();
                uint value = random.Next(3) == 0 ? (uint)random.Next() : nasty[random.Next(nasty.Length)];
                BlobSurgery.PutUInt32(copy, at, value);
                LoadAndScore(BlobSurgery.Rehash(copy), $"0x{value:X8} at offset {at}");
            }
        }

        [Fact]
        public void The_whole_hostile_corpus_loads_or_fails_quickly()
        {
            // Guard against hangs: 6 models × 2000 tampered blobs in well under the time of a quadratic blow-up. Process CPU
            // time, not the wall clock, which on a busy machine counts the wait for a core.
            TimeSpan start = Cpu();
            var random = new Random(42);
            foreach (string name in TestModels.Names)
            {
                byte[] blob = ModelSerializer.Write(TestModels.ByName(name));
                int content = BlobSurgery.ContentLength(blob);
                for (int i = 0; i < 2000; i++)
                {
                    byte[] copy = (byte[])blob.Clone();
                    copy[FormatConstants.HeaderLength + random.Next(content - FormatConstants.HeaderLength)] = (byte)random.Next(256);
                    TimeSpan before = Cpu();
                    LoadAndScore(BlobSurgery.Rehash(copy), $"{name} #{i}");
                    Assert.True(Cpu() - before < TimeSpan.FromSeconds(2), $"{name} #{i} took {Cpu() - before} of CPU time");
                }
            }
            Assert.True(Cpu() - start < TimeSpan.FromSeconds(60), $"took {Cpu() - start} of CPU time");
        }

        private static TimeSpan Cpu() => Process.GetCurrentProcess().TotalProcessorTime;

        [Fact]
        public void Wrong_magic_is_refused_as_not_a_model()
        {
            byte[] blob = ModelSerializer.Write(TestModels.BinaryLinear());
            blob[3] = (byte)'X';
            Assert.Contains("magic", ExpectFormatError(blob, "wrong magic").Message);
            Assert.Contains("magic", ExpectFormatError(System.Text.Encoding.UTF8.GetBytes(new string('{', 100)), "JSON").Message);
        }

        [Fact]
        public void A_text_mode_transfer_that_turned_CRLF_into_LF_is_refused()
        {
            byte[] blob = ModelSerializer.Write(TestModels.BinaryLinear());
            byte[] mangled = blob.Take(4).Concat(blob.Skip(5)).ToArray(); // 0D 0A → 0A
            Assert.Contains("magic", ExpectFormatError(mangled, "CRLF → LF").Message);
        }

        [Fact]
        public void A_newer_major_version_is_refused_naming_both_versions()
        {
            byte[] blob = ModelSerializer.Write(TestModels.BinaryLinear());
            BlobSurgery.PutUInt16(blob, 8, FormatConstants.MajorVersion + 1);
            BlobSurgery.PutUInt16(blob, 10, 3);
            string message = ExpectFormatError(BlobSurgery.Rehash(blob), "major + 1").Message;
            Assert.Contains($"{FormatConstants.MajorVersion + 1}.3", message);
            Assert.Contains($"{FormatConstants.MajorVersion}.x", message);
            Assert.Contains("Upgrade", message);
        }

        [Fact]
        public void An_older_major_version_is_refused()
        {
            byte[] blob = ModelSerializer.Write(TestModels.BinaryLinear());
            BlobSurgery.PutUInt16(blob, 8, 0);
            Assert.Contains($"0.{FormatConstants.MinorVersion}", ExpectFormatError(BlobSurgery.Rehash(blob), "major 0").Message);
        }

        [Fact]
        public void A_newer_minor_version_with_an_unknown_optional_section_loads_and_scores_the_same()
        {
            byte[] blob = ModelSerializer.Write(TestModels.OneVersusAll());
            byte[] newer = BlobSurgery.WithExtraSection(blob, 42, required: false, new byte[] { 1, 2, 3, 4, 5 }, minor: FormatConstants.MinorVersion + 1);
            var rows = TestModels.Rows(200);
            Assert.Null(LoadAndScore(newer, "newer minor"));
            Assert.Equal(TestModels.ScoreAll(ScoringModel.Load(blob), rows), TestModels.ScoreAll(ScoringModel.Load(newer), rows));
        }

        [Fact]
        public void An_unknown_required_section_is_refused_naming_it()
        {
            byte[] blob = ModelSerializer.Write(TestModels.BinaryLinear());
            byte[] newer = BlobSurgery.WithExtraSection(blob, 42, required: true, new byte[] { 1, 2, 3 }, minor: FormatConstants.MinorVersion + 1);
            string message = ExpectFormatError(newer, "unknown required section").Message;
            Assert.Contains("required section 42", message);
            Assert.Contains("Upgrade", message);
        }

        [Fact]
        public void A_section_that_appears_twice_is_refused()
        {
            byte[] blob = ModelSerializer.Write(TestModels.BinaryLinear());
            var metadata = BlobSurgery.Find(blob, SectionId.Metadata);
            byte[] payload = blob.Skip(metadata.PayloadOffset).Take(metadata.Length).ToArray();
            Assert.Contains("twice", ExpectFormatError(BlobSurgery.WithExtraSection(blob, (ushort)SectionId.Metadata, false, payload, 0), "two metadata").Message);
        }

        [Fact]
        public void A_missing_required_section_is_refused_naming_it()
        {
            byte[] blob = ModelSerializer.Write(TestModels.BinaryLinear());
            var predictor = BlobSurgery.Find(blob, SectionId.Predictor);
            BlobSurgery.PutUInt16(blob, predictor.HeaderOffset, 77); // now an unknown optional section
            BlobSurgery.PutUInt16(blob, predictor.HeaderOffset + 2, 0);
            Assert.Contains("Predictor", ExpectFormatError(BlobSurgery.Rehash(blob), "no predictor").Message);
        }

        [Theory]
        [InlineData(SectionId.Metadata, "metadata entry count")]
        [InlineData(SectionId.Schema, "input count")]
        [InlineData(SectionId.Columns, "column count")]
        [InlineData(SectionId.Pipeline, "transform count")]
        public void An_absurd_count_fails_fast_naming_the_count(SectionId section, string what)
        {
            foreach (uint absurd in new[] { 0xFFFFFFFFu, 0x7FFFFFFFu, 0x10000000u })
            {
                byte[] blob = ModelSerializer.Write(TestModels.BinaryLinear());
                BlobSurgery.PutUInt32(blob, BlobSurgery.Find(blob, section).PayloadOffset, absurd);
                BlobSurgery.Rehash(blob);
#if NET
                long before = GC.GetAllocatedBytesForCurrentThread();
#endif
                string message = ExpectFormatError(blob, $"{what} = 0x{absurd:X8}").Message;
#if NET
                long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
                Assert.True(allocated < 1 << 20, $"{allocated} bytes allocated before failing");
#endif
                Assert.Contains(what, message);
                Assert.Contains(absurd.ToString(), message);
            }
        }

        [Fact]
        public void An_absurd_section_length_or_section_count_fails_fast()
        {
            byte[] blob = ModelSerializer.Write(TestModels.BinaryLinear());
            byte[] length = (byte[])blob.Clone();
            BlobSurgery.PutUInt32(length, BlobSurgery.Find(blob, SectionId.Schema).HeaderOffset + 4, 0xFFFFFFFF);
            Assert.Contains("section length", ExpectFormatError(BlobSurgery.Rehash(length), "section length").Message);
            byte[] count = (byte[])blob.Clone();
            BlobSurgery.PutUInt32(count, 12, 0xFFFFFFFF);
            Assert.Contains("section count", ExpectFormatError(BlobSurgery.Rehash(count), "section count").Message);
        }

        [Fact]
        public void An_absurd_column_length_is_refused_naming_the_column()
        {
            var columns = new List<ColumnDefinition> { new ColumnDefinition("x", ColumnKind.Float, 1), new ColumnDefinition("huge", ColumnKind.Float, int.MaxValue) };
            var definition = Custom(columns, new List<Transform>(), featureColumn: 0, featureCount: 1);
            Assert.Contains("'huge'", ExpectFormatError(definition, "huge column").Message);
        }

        [Fact]
        public void Columns_whose_total_size_is_absurd_are_refused_at_load_not_when_scoring()
        {
            // Each column is within the per-column limit, but together they would need a multi-gigabyte frame per scorer.
            var columns = new List<ColumnDefinition> { new ColumnDefinition("x", ColumnKind.Float, 1) };
            for (int i = 0; i < 40; i++) columns.Add(new ColumnDefinition("big" + i, ColumnKind.Float, 1 << 26));
            var definition = Custom(columns, new List<Transform>(), featureColumn: 0, featureCount: 1);
            ExpectFormatError(definition, "40 columns of 2^26 slots");
        }

        [Fact]
        public void A_cyclic_tree_is_refused()
        {
            var cyclic = new RegressionTree(new[] { 1, 0 }, new[] { ~0, ~1 }, new[] { 0, 0 }, new[] { 0f, 0f }, new[] { float.NaN, float.NaN },
                new[] { new int[0], new int[0] }, new[] { 1.0, 2.0, 3.0 });
            Assert.Contains("Tree 0", Assert.Throws<ModelFormatException>(() => TreeModel(cyclic)).Message);
            var selfLoop = new RegressionTree(new[] { 0 }, new[] { ~0 }, new[] { 0 }, new[] { 0f }, new[] { float.NaN }, new[] { new int[0] }, new[] { 1.0, 2.0 });
            Assert.Throws<ModelFormatException>(() => TreeModel(selfLoop));
        }

        [Fact]
        public void Trees_with_out_of_range_children_features_or_unreachable_leaves_are_refused()
        {
            // The ensemble validates its trees when it is built, so a malformed tree never reaches a blob or an evaluator.
            Assert.Contains("node 5", Assert.Throws<ModelFormatException>(() => TreeModel(new RegressionTree(new[] { 5 }, new[] { ~0 }, new[] { 0 }, new[] { 0f }, new[] { float.NaN }, new[] { new int[0] }, new[] { 1.0, 2.0 }))).Message);
            Assert.Contains("leaf 7", Assert.Throws<ModelFormatException>(() => TreeModel(new RegressionTree(new[] { ~7 }, new[] { ~0 }, new[] { 0 }, new[] { 0f }, new[] { float.NaN }, new[] { new int[0] }, new[] { 1.0, 2.0 }))).Message);
            Assert.Throws<ModelFormatException>(() => TreeModel(new RegressionTree(new[] { ~0 }, new[] { ~0 }, new[] { 0 }, new[] { 0f }, new[] { float.NaN }, new[] { new int[0] }, new[] { 1.0, 2.0 })));
            Assert.Contains("feature 9", Assert.Throws<ModelFormatException>(() => TreeModel(new RegressionTree(new[] { ~0 }, new[] { ~1 }, new[] { 9 }, new[] { 0f }, new[] { float.NaN }, new[] { new int[0] }, new[] { 1.0, 2.0 }))).Message);
            Assert.Throws<ModelFormatException>(() => TreeModel(new RegressionTree(new[] { ~0 }, new[] { ~1 }, new[] { 0 }, new[] { 0f }, new[] { float.NaN }, new[] { new[] { -1 } }, new[] { 1.0, 2.0 })));
            Assert.Throws<ModelFormatException>(() => TreeModel(new RegressionTree(new[] { ~0 }, new[] { ~1 }, new[] { 0 }, new[] { 0f }, new[] { float.NaN }, new[] { new int[0] }, new[] { 1.0 })));
            Assert.Throws<ModelFormatException>(() => TreeModel(new RegressionTree(new[] { ~0 }, new[] { ~1 }, new[] { 0, 0 }, new[] { 0f }, new[] { float.NaN }, new[] { new int[0] }, new[] { 1.0, 2.0 })));
        }

        [Fact]
        public void A_transform_that_reads_a_column_before_it_is_written_is_refused()
        {
            var d = TestModels.BinaryTree();
            var transforms = d.Transforms.ToList();
            var swapped = transforms[1];
            transforms[1] = transforms[2]; // KeyToVector(PlanKey) now runs before ValueToKey writes PlanKey
            transforms[2] = swapped;
            var reordered = new ModelDefinition(d.Inputs, d.Columns, transforms, d.Predictor, d.ClassLabels);
            Assert.Contains("before anything writes it", ExpectFormatError(reordered, "reordered").Message);
        }

        [Fact]
        public void A_column_written_twice_is_refused()
        {
            var d = TestModels.BinaryTree();
            var transforms = d.Transforms.ToList();
            transforms.Insert(1, new ReplaceMissingTransform(0, 6, new[] { 1f })); // AgeFilled written twice
            Assert.Contains("already written", ExpectFormatError(new ModelDefinition(d.Inputs, d.Columns, transforms, d.Predictor, d.ClassLabels), "twice").Message);
        }

        [Fact]
        public void Wrong_column_kinds_are_refused_naming_the_column()
        {
            var columns = new List<ColumnDefinition>
            {
                new ColumnDefinition("x", ColumnKind.Float, 1),
                new ColumnDefinition("k", ColumnKind.Key, 1, 3),
                new ColumnDefinition("t", ColumnKind.Text, 1),
            };
            // ValueToKey reading a float column.
            Assert.Contains("'x'", ExpectFormatError(Custom(columns, new List<Transform> { new ValueToKeyTransform(0, 1, new[] { "a", "b", "c" }) }, 0, 1), "ValueToKey on float").Message);
            // Affine normalize writing a text column.
            Assert.Contains("'t'", ExpectFormatError(Custom(columns, new List<Transform> { new AffineNormalizeTransform(0, 2, new[] { 1f }, new[] { 0f }) }, 0, 1), "affine into text").Message);
            // Predictor reading a key column.
            Assert.Contains("'k'", ExpectFormatError(Custom(columns, new List<Transform>(), 1, 1), "predictor on key").Message);
            // A number input writing a text column.
            var inputs = new List<InputColumn> { new InputColumn("x", InputKind.Number, 2, 0) };
            var badInput = new ModelDefinition(inputs, columns, new List<Transform>(), new RegressionPredictor(0, new LinearScoreFunction(new[] { 1f }, 0), RegressionLink.Identity), new string[0]);
            Assert.Contains("'t'", ExpectFormatError(badInput, "number into text").Message);
        }

        [Fact]
        public void Inconsistent_inputs_features_and_labels_are_refused()
        {
            var d = TestModels.BinaryLinear();
            // Feature count differs from the feature column's length.
            var shortWeights = new BinaryPredictor(17, new LinearScoreFunction(new float[3], 0), null, 0, false);
            ExpectFormatError(new ModelDefinition(d.Inputs, d.Columns, d.Transforms, shortWeights, d.ClassLabels), "3 weights");
            // Binary model with three labels.
            ExpectFormatError(new ModelDefinition(d.Inputs, d.Columns, d.Transforms, d.Predictor, new[] { "a", "b", "c" }), "3 labels");
            // Two inputs writing the same slot; an input slot out of range; duplicate names.
            var inputs = d.Inputs.ToList();
            inputs[TestModels.Tenure] = new InputColumn("Tenure", InputKind.Number, 0, 0);
            ExpectFormatError(new ModelDefinition(inputs, d.Columns, d.Transforms, d.Predictor, d.ClassLabels), "same slot");
            inputs = d.Inputs.ToList();
            inputs[TestModels.Age] = new InputColumn("Age", InputKind.Number, 0, 1);
            ExpectFormatError(new ModelDefinition(inputs, d.Columns, d.Transforms, d.Predictor, d.ClassLabels), "slot 1 of a scalar");
            inputs = d.Inputs.ToList();
            inputs[TestModels.City] = new InputColumn("PLAN", InputKind.Text, 3, 0);
            Assert.Contains("PLAN", ExpectFormatError(new ModelDefinition(inputs, d.Columns, d.Transforms, d.Predictor, d.ClassLabels), "duplicate name").Message);
        }

        [Fact]
        public void An_isotonic_calibrator_with_unsorted_or_NaN_blocks_is_refused()
        {
            foreach (var blocks in new[]
            {
                new[] { new[] { float.NaN, 1f }, new[] { 0.5f, 2f }, new[] { 0.1f, 0.9f } },
                new[] { new[] { 0f, 1f }, new[] { float.NaN, 2f }, new[] { 0.1f, 0.9f } },
                new[] { new[] { 1f, 0f }, new[] { 2f, 0.5f }, new[] { 0.1f, 0.9f } },
                new[] { new[] { 0f, 1f }, new[] { 2f, 3f }, new[] { 0.1f, 0.9f } },   // overlapping
            })
                Assert.Throws<ModelFormatException>(() => new IsotonicCalibrator(blocks[0], blocks[1], blocks[2]));

            // The same in a blob: binary-tree's isotonic mins are [-1, 0, 1]; make the first NaN behind a valid hash.
            byte[] blob = ModelSerializer.Write(TestModels.BinaryTree());
            byte[] pattern = new byte[] { 3, 0, 0, 0 }.Concat(BitConverter.GetBytes(-1f)).Concat(BitConverter.GetBytes(0f)).Concat(BitConverter.GetBytes(1f)).ToArray();
            int at = IndexOf(blob, pattern, BlobSurgery.Find(blob, SectionId.Predictor).PayloadOffset);
            Assert.True(at > 0, "isotonic mins not found");
            Buffer.BlockCopy(BitConverter.GetBytes(float.NaN), 0, blob, at + 4, 4);
            Assert.Contains("Isotonic", ExpectFormatError(BlobSurgery.Rehash(blob), "NaN isotonic min").Message);
        }

        private static int IndexOf(byte[] haystack, byte[] needle, int from)
        {
            for (int i = from; i + needle.Length <= haystack.Length; i++)
                if (haystack.Skip(i).Take(needle.Length).SequenceEqual(needle)) return i;
            return -1;
        }

        [Fact]
        public void A_cdf_normalizer_with_a_NaN_mean_or_deviation_is_refused()
        {
            var d = TestModels.BinaryLinear();
            foreach (var (mean, std) in new[] { (float.NaN, 1f), (0f, float.NaN) })
            {
                var transforms = d.Transforms.Select(t => t is CdfNormalizeTransform c ? new CdfNormalizeTransform(c.Source, c.Destination, new[] { mean }, new[] { std }, false) : t).ToList();
                Assert.Contains("NaN", ExpectFormatError(new ModelDefinition(d.Inputs, d.Columns, transforms, d.Predictor, d.ClassLabels), $"cdf {mean}/{std}").Message);
            }
        }

        [Fact]
        public void An_empty_blob_is_a_format_error_and_null_is_a_caller_mistake()
        {
            Assert.Contains("0 bytes", ExpectFormatError(new byte[0], "empty").Message);
            Assert.Equal("blob", Assert.Throws<ArgumentNullException>(() => ScoringModel.Load(null!)).ParamName);
        }

        [Theory]
        [InlineData(false)]
        [InlineData(true)]
        public void A_tree_ensemble_feature_count_beyond_any_features_column_is_refused_before_anything_is_sized_by_it(bool compact)
        {
            // An older blob (no stored test order) sizes a table by the feature count before the ensemble meets its column.
            var body = new BlobWriter();
            body.WriteBoolean(false);
            body.WriteInt32(ModelValidator.MaxFrameSlots + 1);
            body.WriteInt32(0);
            byte[] bytes = body.ToArray();
            var error = Assert.Throws<ModelFormatException>(() => TreeEnsembleScoreFunction.ReadBody(new BlobReader(bytes, 0, bytes.Length, "ensemble"), floatSum: false, compact));
            Assert.Contains("feature count is " + (ModelValidator.MaxFrameSlots + 1), error.Message, StringComparison.Ordinal);
        }

        [Fact]
        public void A_model_with_many_inputs_loads_in_linear_time()
        {
            // A wide vector input (one field per slot) must not make load-time validation quadratic.
            const int width = 40000;
            var inputs = new List<InputColumn>(width);
            for (int i = 0; i < width; i++) inputs.Add(new InputColumn("f" + i, InputKind.Number, 0, i));
            var columns = new List<ColumnDefinition> { new ColumnDefinition("F", ColumnKind.Float, width) };
            var definition = new ModelDefinition(inputs, columns, new List<Transform>(),
                new RegressionPredictor(0, new LinearScoreFunction(new float[width], 1), RegressionLink.Identity), new string[0]);
            byte[] blob = ModelSerializer.Write(definition);
            // CPU time, not the wall clock: on a busy machine the wall clock counts the wait for a core. Linear is tens of
            // milliseconds here; quadratic (1.6e9 steps) takes several seconds of CPU however quiet the machine.
            TimeSpan before = Cpu();
            var model = ScoringModel.Load(blob);
            TimeSpan cpu = Cpu() - before;
            Assert.True(cpu < TimeSpan.FromSeconds(3), $"loading {width} inputs took {cpu} of CPU time");
            var scorer = model.CreateScorer();
            for (int i = 0; i < width; i++) scorer.SetNumber(i, 2);
            Assert.Equal(1f, scorer.Predict().Score);
        }

        private static ModelDefinition Custom(List<ColumnDefinition> columns, List<Transform> transforms, int featureColumn, int featureCount)
        {
            var inputs = new List<InputColumn> { new InputColumn("x", InputKind.Number, 0, 0) };
            return new ModelDefinition(inputs, columns, transforms,
                new RegressionPredictor(featureColumn, new LinearScoreFunction(new float[featureCount], 0), RegressionLink.Identity), new string[0]);
        }

        private static ModelDefinition TreeModel(RegressionTree tree)
        {
            var columns = new List<ColumnDefinition> { new ColumnDefinition("x", ColumnKind.Float, 1) };
            var inputs = new List<InputColumn> { new InputColumn("x", InputKind.Number, 0, 0) };
            return new ModelDefinition(inputs, columns, new List<Transform>(),
                new RegressionPredictor(0, new TreeEnsembleScoreFunction(new[] { tree }, false, 1), RegressionLink.Identity), new string[0]);
        }
    }
}
