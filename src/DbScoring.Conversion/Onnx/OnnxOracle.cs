using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using DbScoring.Conversion.Parity;
using DbScoring.Runtime;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace DbScoring.Conversion.Onnx
{
    /// <summary>
    /// The parity gate's oracle for ONNX models: ONNX Runtime, in process, one thread, scoring the rows in batches fed to
    /// the graph's inputs; its label output and its scores (a [N, K] tensor, or ZipMap's maps read in key order) are
    /// compared with the blob's prediction by the translation's rule. A graph that declares a fixed row count (ONNX's
    /// backend cases declare [3, 2]) is fed batches of exactly that many rows, the last one padded with copies of its
    /// last row whose outputs are not read; otherwise batches of up to 4,096 rows.
    /// </summary>
    internal sealed class OnnxOracle
    {
        private readonly byte[] _model;
        private readonly IReadOnlyList<OnnxFeed> _feeds;
        private readonly IReadOnlyList<(string Name, OnnxCheck Check)> _checks;
        private readonly IReadOnlyList<string>? _zipKeys;

        public OnnxOracle(byte[] model, IReadOnlyList<OnnxFeed> feeds, IReadOnlyList<(string Name, OnnxCheck Check)> checks, IReadOnlyList<string>? zipKeys)
        {
            _model = model; _feeds = feeds; _checks = checks; _zipKeys = zipKeys;
        }

        /// <summary>The ONNX Runtime version the gate runs, recorded as the oracle.</summary>
        public static string Name { get; } = "ONNX Runtime " +
            (System.Reflection.CustomAttributeExtensions.GetCustomAttribute<System.Reflection.AssemblyInformationalVersionAttribute>(typeof(InferenceSession).Assembly)?.InformationalVersion.Split('+')[0] ?? "unknown");

        public ParityReport Check(ScoringModel model, OnnxTranslatedPredictor translated, List<SampleRow> rows, string sample, double tolerance)
        {
            // Fatal messages only: a row ONNX Runtime refuses is reported in the parity figures, not logged per row on stderr.
            var options = new SessionOptions { IntraOpNumThreads = 1, InterOpNumThreads = 1, ExecutionMode = ExecutionMode.ORT_SEQUENTIAL, LogSeverityLevel = OrtLoggingLevel.ORT_LOGGING_LEVEL_FATAL };
            using var session = new InferenceSession(_model, options);
            var comparer = new ParityComparer(model, tolerance, Name);
            var scorer = model.CreateScorer();
            var fetch = _checks.Select(c => c.Name).Distinct().ToList();
            int refused = 0;
            string? reason = null;
            // The row count the graph declares (OnnxInputs.Bind checks its inputs agree), else any.
            int fixedRows = _feeds.Select(f => f.Rows).FirstOrDefault(r => r > 0);
            void Compare(int start, int n)
            {
                int size = fixedRows > 0 ? fixedRows : n;
                var feeds = _feeds.Select(f => Feed(f, rows, start, n, size)).ToList();
                using var results = session.Run(feeds, fetch);
                DisposableNamedOnnxValue Result(OnnxCheck check) => results.First(v => v.Name == _checks.First(c => c.Check == check).Name);
                bool Has(OnnxCheck check) => _checks.Any(c => c.Check == check);
                var scores = Has(OnnxCheck.Scores) ? ReadScores(Result(OnnxCheck.Scores), n) : null;
                var labels = Has(OnnxCheck.Label) ? ReadLabels(Result(OnnxCheck.Label), n) : null;
                var score = Has(OnnxCheck.Score) ? Result(OnnxCheck.Score).AsTensor<float>().ToArray() : null;
                var probability = Has(OnnxCheck.Probability) ? Result(OnnxCheck.Probability).AsTensor<float>().ToArray() : null;
                for (int r = 0; r < n; r++)
                {
                    rows[start + r].SetOn(scorer);
                    var expected = scores != null ? translated.Expect(labels?[r], scores[r]) : new ExpectedOutput { Label = labels?[r] };
                    if (score != null) expected.Score = score[r];
                    if (probability != null) expected.Probability = probability[r];
                    comparer.Add(start + r, expected, scorer.Predict());
                }
            }
            int batch = fixedRows > 0 ? fixedRows : 4096;
            for (int start = 0; start < rows.Count; start += batch)
            {
                int n = Math.Min(batch, rows.Count - start);
                try { Compare(start, n); }
                catch (OnnxRuntimeException)
                {
                    // ONNX Runtime fails a whole batch for one row it will not score (its Binarizer refuses a NaN score, which
                    // ±∞ inputs can give): score the rows one by one and leave out, and say, the ones it refuses.
                    for (int r = start; r < start + n; r++)
                    {
                        try { Compare(r, 1); }
                        catch (OnnxRuntimeException e) { refused++; reason ??= e.Message; }
                    }
                }
            }
            if (refused == rows.Count) throw new ModelConversionException($"ONNX Runtime scores none of the {rows.Count} parity rows: {reason}");
            if (refused == 0) return comparer.Report(sample);
            int at = reason!.IndexOf("Status Message: ", StringComparison.Ordinal);
            return comparer.Report(sample, refused, at < 0 ? reason : reason.Substring(at + 16));
        }

        /// <summary>Rows start…start+n−1 as a tensor of <paramref name="size"/> rows (≥ n; the last row repeated after them).</summary>
        private static NamedOnnxValue Feed(OnnxFeed feed, List<SampleRow> rows, int start, int n, int size)
        {
            if (feed.IsMap) return MapFeed(feed, rows[start]);
            if (feed.FirstInput < 0) return Unused(feed, size);
            int[] shape = feed.Vector ? new[] { size, feed.Width } : new[] { size };
            switch (feed.ElementType)
            {
                case OnnxTensor.String:
                    return NamedOnnxValue.CreateFromTensor(feed.Name, Fill(shape, feed, rows, start, n, (row, i) => row.Texts[i] ?? ""));
                case OnnxTensor.Double:
                    return NamedOnnxValue.CreateFromTensor(feed.Name, Fill(shape, feed, rows, start, n, (row, i) => row.Numbers[i]));
                case OnnxTensor.Int64:
                    return NamedOnnxValue.CreateFromTensor(feed.Name, Fill(shape, feed, rows, start, n, (row, i) => (long)row.Numbers[i]));
                case OnnxTensor.Int32:
                    return NamedOnnxValue.CreateFromTensor(feed.Name, Fill(shape, feed, rows, start, n, (row, i) => (int)row.Numbers[i]));
                case OnnxTensor.Bool:
                    return NamedOnnxValue.CreateFromTensor(feed.Name, Fill(shape, feed, rows, start, n, (row, i) => row.Numbers[i] != 0));
                default:
                    return NamedOnnxValue.CreateFromTensor(feed.Name, Fill(shape, feed, rows, start, n, (row, i) => (float)row.Numbers[i]));
            }
        }

        /// <summary>A map input (one row per run): the row's present inputs by key; a missing input is a key the map lacks.</summary>
        private static NamedOnnxValue MapFeed(OnnxFeed feed, SampleRow row)
        {
            var map = new Dictionary<long, float>();
            for (int k = 0; feed.FirstInput >= 0 && k < feed.Width; k++)
            {
                double value = row.Numbers[feed.FirstInput + k];
                if (!double.IsNaN(value)) map[k] = (float)value;
            }
            return NamedOnnxValue.CreateFromMap<long, float>(feed.Name, map);
        }

        /// <summary>An input the prediction does not read (a label column, say): ONNX Runtime still wants it, so it gets zeros or empty text.</summary>
        private static NamedOnnxValue Unused(OnnxFeed feed, int n)
        {
            int[] shape = feed.Vector ? new[] { n, feed.Width } : new[] { n };
            switch (feed.ElementType)
            {
                case OnnxTensor.String:
                    var texts = new DenseTensor<string>(shape);
                    texts.Fill("");
                    return NamedOnnxValue.CreateFromTensor(feed.Name, texts);
                case OnnxTensor.Double: return NamedOnnxValue.CreateFromTensor(feed.Name, new DenseTensor<double>(shape));
                case OnnxTensor.Int64: return NamedOnnxValue.CreateFromTensor(feed.Name, new DenseTensor<long>(shape));
                case OnnxTensor.Int32: return NamedOnnxValue.CreateFromTensor(feed.Name, new DenseTensor<int>(shape));
                case OnnxTensor.Bool: return NamedOnnxValue.CreateFromTensor(feed.Name, new DenseTensor<bool>(shape));
                default: return NamedOnnxValue.CreateFromTensor(feed.Name, new DenseTensor<float>(shape));
            }
        }

        private static DenseTensor<T> Fill<T>(int[] shape, OnnxFeed feed, List<SampleRow> rows, int start, int n, Func<SampleRow, int, T> value)
        {
            var tensor = new DenseTensor<T>(shape);
            var buffer = tensor.Buffer.Span;
            for (int r = 0; r < shape[0]; r++)
                for (int k = 0; k < feed.Width; k++) buffer[r * feed.Width + k] = value(rows[start + Math.Min(r, n - 1)], feed.FirstInput + k);
            return tensor;
        }

        /// <summary>The score rows of the scores output (a [N, K] float tensor, or ZipMap's maps in key order).</summary>
        private float[][] ReadScores(DisposableNamedOnnxValue value, int rows)
        {
            var result = new float[rows][];
            if (_zipKeys == null)
            {
                // A model over doubles (TreeEnsemble of ai.onnx.ml 5) outputs doubles: compared as the float DbScoring gives.
                var dimensions = value.Value is Tensor<double> d ? d.Dimensions : value.AsTensor<float>().Dimensions;
                int width = dimensions.Length > 1 ? dimensions[1] : 1;
                var data = value.Value is Tensor<double> doubles ? doubles.ToArray().Select(v => (float)v).ToArray() : value.AsTensor<float>().ToArray();
                for (int r = 0; r < rows; r++) result[r] = data.Skip(r * width).Take(width).ToArray();
                return result;
            }
            int row = 0;
            foreach (var map in value.AsEnumerable<DisposableNamedOnnxValue>().Take(rows))
            {
                var entries = map.Value is IDictionary<long, float> byInt
                    ? byInt.ToDictionary(p => p.Key.ToString(CultureInfo.InvariantCulture), p => p.Value)
                    : map.AsDictionary<string, float>().ToDictionary(p => p.Key, p => p.Value);
                result[row++] = _zipKeys.Select(k => entries[k]).ToArray();
            }
            return result;
        }

        /// <summary>The predicted labels as text: int64 labels in invariant digits, booleans (and a Binarizer's 0/1) as "True"/"False".</summary>
        private static string[] ReadLabels(DisposableNamedOnnxValue value, int rows)
        {
            switch (value.Value)
            {
                case Tensor<long> ints: return ints.ToArray().Take(rows).Select(v => v.ToString(CultureInfo.InvariantCulture)).ToArray();
                case Tensor<bool> booleans: return booleans.ToArray().Take(rows).Select(v => v ? "True" : "False").ToArray();
                case Tensor<float> floats: return floats.ToArray().Take(rows).Select(v => v != 0 ? "True" : "False").ToArray();
                default: return value.AsTensor<string>().ToArray().Take(rows).ToArray();
            }
        }
    }
}

namespace DbScoring.Conversion.Onnx
{
    /// <summary>What a graph output is compared as.</summary>
    internal enum OnnxCheck
    {
        /// <summary>The predictor's score or probability tensor (or ZipMap's maps): compared by the translation's rule.</summary>
        Scores,
        /// <summary>The predicted label.</summary>
        Label,
        /// <summary>The raw score of a model whose label and probability are computed after it.</summary>
        Score,
        /// <summary>The calibrated probability computed after the score (ML.NET's Sigmoid of slope · score + offset).</summary>
        Probability,
    }
}
