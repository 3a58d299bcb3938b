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
    /// compared with the blob's prediction by the translation's rule.
    /// </summary>
    internal sealed class OnnxOracle
    {
        private readonly byte[] _model;
        private readonly IReadOnlyList<OnnxFeed> _feeds;
        private readonly string _scores;
        private readonly string? _label;
        private readonly IReadOnlyList<string>? _zipKeys;

        public OnnxOracle(byte[] model, IReadOnlyList<OnnxFeed> feeds, string scores, string? label, IReadOnlyList<string>? zipKeys)
        {
            _model = model; _feeds = feeds; _scores = scores; _label = label; _zipKeys = zipKeys;
        }

        /// <summary>The ONNX Runtime version the gate runs, recorded as the oracle.</summary>
        public static string Name { get; } = "ONNX Runtime " +
            (System.Reflection.CustomAttributeExtensions.GetCustomAttribute<System.Reflection.AssemblyInformationalVersionAttribute>(typeof(InferenceSession).Assembly)?.InformationalVersion.Split('+')[0] ?? "unknown");

        public ParityReport Check(ScoringModel model, OnnxTranslatedPredictor translated, List<SampleRow> rows, string sample, double tolerance)
        {
            var options = new SessionOptions { IntraOpNumThreads = 1, InterOpNumThreads = 1, ExecutionMode = ExecutionMode.ORT_SEQUENTIAL };
            using var session = new InferenceSession(_model, options);
            var comparer = new ParityComparer(model, tolerance, Name);
            var scorer = model.CreateScorer();
            var fetch = new List<string> { _scores };
            if (_label != null) fetch.Add(_label);
            const int batch = 4096;
            for (int start = 0; start < rows.Count; start += batch)
            {
                int n = Math.Min(batch, rows.Count - start);
                var feeds = _feeds.Select(f => Feed(f, rows, start, n)).ToList();
                using var results = session.Run(feeds, fetch);
                var scores = ReadScores(results.First(v => v.Name == _scores), n);
                var labels = _label == null ? null : ReadLabels(results.First(v => v.Name == _label), n);
                for (int r = 0; r < n; r++)
                {
                    rows[start + r].SetOn(scorer);
                    comparer.Add(start + r, translated.Expect(labels?[r], scores[r]), scorer.Predict());
                }
            }
            return comparer.Report(sample);
        }

        private static NamedOnnxValue Feed(OnnxFeed feed, List<SampleRow> rows, int start, int n)
        {
            int[] shape = feed.Vector ? new[] { n, feed.Width } : new[] { n };
            switch (feed.ElementType)
            {
                case OnnxTensor.String:
                    return NamedOnnxValue.CreateFromTensor(feed.Name, Fill(shape, feed, rows, start, (row, i) => row.Texts[i] ?? ""));
                case OnnxTensor.Double:
                    return NamedOnnxValue.CreateFromTensor(feed.Name, Fill(shape, feed, rows, start, (row, i) => row.Numbers[i]));
                case OnnxTensor.Int64:
                    return NamedOnnxValue.CreateFromTensor(feed.Name, Fill(shape, feed, rows, start, (row, i) => (long)row.Numbers[i]));
                case OnnxTensor.Int32:
                    return NamedOnnxValue.CreateFromTensor(feed.Name, Fill(shape, feed, rows, start, (row, i) => (int)row.Numbers[i]));
                case OnnxTensor.Bool:
                    return NamedOnnxValue.CreateFromTensor(feed.Name, Fill(shape, feed, rows, start, (row, i) => row.Numbers[i] != 0));
                default:
                    return NamedOnnxValue.CreateFromTensor(feed.Name, Fill(shape, feed, rows, start, (row, i) => (float)row.Numbers[i]));
            }
        }

        private static DenseTensor<T> Fill<T>(int[] shape, OnnxFeed feed, List<SampleRow> rows, int start, Func<SampleRow, int, T> value)
        {
            var tensor = new DenseTensor<T>(shape);
            var buffer = tensor.Buffer.Span;
            for (int r = 0; r < shape[0]; r++)
                for (int k = 0; k < feed.Width; k++) buffer[r * feed.Width + k] = value(rows[start + r], feed.FirstInput + k);
            return tensor;
        }

        /// <summary>The score rows of the scores output (a [N, K] float tensor, or ZipMap's maps in key order).</summary>
        private float[][] ReadScores(DisposableNamedOnnxValue value, int rows)
        {
            var result = new float[rows][];
            if (_zipKeys == null)
            {
                var tensor = value.AsTensor<float>();
                int width = tensor.Dimensions.Length > 1 ? tensor.Dimensions[1] : 1;
                var data = tensor.ToArray();
                for (int r = 0; r < rows; r++) result[r] = data.Skip(r * width).Take(width).ToArray();
                return result;
            }
            int row = 0;
            foreach (var map in value.AsEnumerable<DisposableNamedOnnxValue>())
            {
                var entries = map.Value is IDictionary<long, float> byInt
                    ? byInt.ToDictionary(p => p.Key.ToString(CultureInfo.InvariantCulture), p => p.Value)
                    : map.AsDictionary<string, float>().ToDictionary(p => p.Key, p => p.Value);
                result[row++] = _zipKeys.Select(k => entries[k]).ToArray();
            }
            return result;
        }

        /// <summary>The predicted labels as text (int64 labels in invariant digits).</summary>
        private static string[] ReadLabels(DisposableNamedOnnxValue value, int rows)
        {
            if (value.Value is Tensor<long> ints) return ints.ToArray().Take(rows).Select(v => v.ToString(CultureInfo.InvariantCulture)).ToArray();
            return value.AsTensor<string>().ToArray().Take(rows).ToArray();
        }
    }
}
