using System;
using System.Collections.Generic;
using DbScoring.Runtime.Format;

namespace DbScoring.Runtime.Monitoring
{
    /// <summary>
    /// Reads and writes the TrainingStatistics section (6) of a model blob (docs/model-format.md):
    /// <code>
    /// source text | rows i64 | inputs u32 n × distribution | outputs u32 m × distribution
    /// distribution  name text | kind u8 (DistributionKind) | missing i64 | body
    ///   Numeric (1)      min f64 | max f64 | edges f64[] | counts i64[]   (edges strictly ascending, counts = edges + 1)
    ///   Categorical (2)  categories text[] | counts i64[] | other i64      (one count per category)
    /// </code>
    /// Every distribution counts all <c>rows</c>: missing + Σ counts (+ other) = rows.
    /// </summary>
    internal static class ProfileCodec
    {
        internal static void Write(BlobWriter w, TrainingProfile profile)
        {
            w.WriteString(profile.Source);
            w.WriteInt64(profile.Rows);
            WriteList(w, profile.Inputs);
            WriteList(w, profile.Outputs);
        }

        private static void WriteList(BlobWriter w, IReadOnlyList<Distribution> list)
        {
            w.WriteInt32(list.Count);
            foreach (var d in list)
            {
                w.WriteString(d.Name);
                w.WriteByte((byte)d.Kind);
                w.WriteInt64(d.Missing);
                if (d.Kind == DistributionKind.Numeric)
                {
                    w.WriteDouble(d.Min);
                    w.WriteDouble(d.Max);
                    w.WriteDoubleArray(d.Edges);
                }
                else w.WriteStringArray(d.Categories);
                w.WriteInt64Array(d.Counts);
                if (d.Kind == DistributionKind.Categorical) w.WriteInt64(d.Other);
            }
        }

        /// <summary>Reads the section and checks it against the model's inputs and task.</summary>
        internal static TrainingProfile Read(BlobReader r, IReadOnlyList<InputColumn> modelInputs, PredictionKind task) =>
            Read(r, modelInputs, (PredictionKind?)task);

        /// <summary>
        /// Reads a profile passed without its model (<see cref="TrainingProfile.FromBytes"/>): every rule of the section
        /// except the comparison with the model's inputs and task, which the model's own load already made.
        /// </summary>
        internal static TrainingProfile ReadWithoutModel(BlobReader r) => Read(r, null, null);

        private static TrainingProfile Read(BlobReader r, IReadOnlyList<InputColumn>? modelInputs, PredictionKind? task)
        {
            string source = r.ReadString();
            long rows = r.ReadInt64();
            if (rows < 0) throw r.Fail($"profile row count {rows} is negative");
            int inputCount = r.ReadCount(14, "profile input count");
            if (modelInputs != null && inputCount != modelInputs.Count)
                throw r.Fail($"the profile describes {inputCount} inputs, the model has {modelInputs.Count}");
            var inputs = new Distribution[inputCount];
            for (int i = 0; i < inputCount; i++)
            {
                var d = ReadDistribution(r, rows);
                inputs[i] = d;
                if (modelInputs == null) continue;
                var input = modelInputs[i];
                if (!string.Equals(d.Name, input.Name, StringComparison.Ordinal))
                    throw r.Fail($"profile input #{i} is '{d.Name}', the model's input #{i} is '{input.Name}'");
                var expected = input.Kind == InputKind.Text ? DistributionKind.Categorical : DistributionKind.Numeric;
                if (d.Kind != expected) throw r.Fail($"profile input '{d.Name}' is {d.Kind}, but the input is {input.Kind}");
            }
            int outputCount = r.ReadCount(14, "profile output count");
            var outputs = new Distribution[outputCount];
            var seen = new Dictionary<string, bool>(StringComparer.Ordinal);
            for (int i = 0; i < outputCount; i++)
            {
                var d = ReadDistribution(r, rows);
                var expected = string.Equals(d.Name, TrainingProfile.LabelOutput, StringComparison.Ordinal) ? DistributionKind.Categorical : DistributionKind.Numeric;
                bool known = d.Name == TrainingProfile.ScoreOutput || d.Name == TrainingProfile.ProbabilityOutput
                             || (d.Name == TrainingProfile.LabelOutput && task != PredictionKind.Regression);
                if (!known) throw r.Fail(task == null ? $"profile output '{d.Name}' is not a profiled output" : $"profile output '{d.Name}' is not an output of a {task} model");
                if (d.Kind != expected) throw r.Fail($"profile output '{d.Name}' is {d.Kind}, expected {expected}");
                if (seen.ContainsKey(d.Name)) throw r.Fail($"profile output '{d.Name}' appears twice");
                seen.Add(d.Name, true);
                outputs[i] = d;
            }
            r.ExpectEnd();
            return new TrainingProfile(source, rows, inputs, outputs);
        }

        private static Distribution ReadDistribution(BlobReader r, long rows)
        {
            string name = r.ReadString();
            int at = r.Position;
            byte kind = r.ReadByte();
            long missing = r.ReadInt64();
            Distribution d;
            if (kind == (byte)DistributionKind.Numeric)
            {
                double min = r.ReadDouble(), max = r.ReadDouble();
                double[] edges = r.ReadDoubleArray($"edge count of '{name}'");
                long[] counts = r.ReadInt64Array($"bin count of '{name}'");
                for (int i = 0; i < edges.Length; i++)
                    if (double.IsNaN(edges[i]) || (i > 0 && !(edges[i] > edges[i - 1])))
                        throw r.Fail($"the bin edges of '{name}' are not strictly ascending numbers");
                if (counts.Length != edges.Length + 1) throw r.Fail($"'{name}' has {edges.Length} edges and {counts.Length} bin counts (expected {edges.Length + 1})");
                if (double.IsNaN(min) != double.IsNaN(max) || min > max) throw r.Fail($"the range of '{name}' is [{min}, {max}]");
                d = Distribution.Numeric(name, missing, min, max, edges, counts);
            }
            else if (kind == (byte)DistributionKind.Categorical)
            {
                string[] categories = r.ReadStringArray($"category count of '{name}'");
                long[] counts = r.ReadInt64Array($"category counts of '{name}'");
                long other = r.ReadInt64();
                if (counts.Length != categories.Length) throw r.Fail($"'{name}' has {categories.Length} categories and {counts.Length} counts");
                var unique = new Dictionary<string, bool>(StringComparer.Ordinal);
                foreach (string c in categories)
                {
                    if (c.Length == 0) throw r.Fail($"'{name}' lists the empty text as a category (empty text is missing)");
                    if (unique.ContainsKey(c)) throw r.Fail($"'{name}' lists the category '{c}' twice");
                    unique.Add(c, true);
                }
                if (other < 0) throw r.Fail($"'{name}' has a negative other count");
                d = Distribution.Categorical(name, missing, categories, counts, other);
            }
            else throw r.Fail($"profile distribution '{name}' has unknown kind {kind}", at);
            if (missing < 0) throw r.Fail($"'{name}' has a negative missing count");
            long total = missing + d.Other;
            foreach (long c in d.Counts)
            {
                if (c < 0) throw r.Fail($"'{name}' has a negative count");
                total += c;
                if (total < 0 || total > rows) break;
            }
            if (total != rows) throw r.Fail($"the counts of '{name}' do not add up to the profile's {rows} rows");
            return d;
        }
    }
}
