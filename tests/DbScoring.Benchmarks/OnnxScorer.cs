using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using Microsoft.ML;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace DbScoring.Benchmarks
{
    /// <summary>The same model exported to ONNX (Microsoft.ML.OnnxConverter) and run by ONNX Runtime in batches.</summary>
    public sealed class OnnxScorer : IDisposable
    {
        private readonly InferenceSession _session;
        private readonly Scenario _scenario;
        private readonly string _output;

        private OnnxScorer(InferenceSession session, Scenario scenario, string output)
        {
            _session = session;
            _scenario = scenario;
            _output = output;
        }

        /// <summary>Exports and loads the model, or returns null with the reason when it does not export.</summary>
        public static OnnxScorer? TryCreate(Scenario scenario, out string reason)
        {
            try
            {
                using var stream = new MemoryStream();
                scenario.Ml.Model.ConvertToOnnx(scenario.MlModel, scenario.Data, stream);
                var options = new SessionOptions { IntraOpNumThreads = 1, InterOpNumThreads = 1, ExecutionMode = ExecutionMode.ORT_SEQUENTIAL };
                var session = new InferenceSession(stream.ToArray(), options);
                string? output = session.OutputMetadata.Keys.FirstOrDefault(k => k.StartsWith("Score", StringComparison.Ordinal));
                if (output == null) { session.Dispose(); reason = "no Score output"; return null; }
                reason = "";
                return new OnnxScorer(session, scenario, output);
            }
            catch (Exception ex)
            {
                reason = ex.GetType().Name + ": " + ex.Message.Split('\n')[0];
                return null;
            }
        }

        /// <summary>Scores all rows in batches of <paramref name="batchSize"/>; returns a checksum.</summary>
        public double Score(int batchSize)
        {
            var getters = Scenario.Getters();
            var rows = _scenario.Rows;
            double sum = 0;
            for (int start = 0; start < rows.Count; start += batchSize)
            {
                int n = Math.Min(batchSize, rows.Count - start);
                var inputs = new List<NamedOnnxValue>();
                foreach (var (name, meta) in _session.InputMetadata)
                {
                    var get = getters.TryGetValue(name, out var g) ? g : (r => r.Label ? 1f : 0f);
                    if (meta.ElementType == typeof(string))
                    {
                        var tensor = new DenseTensor<string>(new[] { n, 1 });
                        for (int i = 0; i < n; i++) tensor[i, 0] = (string)get(rows[start + i]);
                        inputs.Add(NamedOnnxValue.CreateFromTensor(name, tensor));
                    }
                    else if (meta.ElementType == typeof(bool))
                    {
                        var tensor = new DenseTensor<bool>(new[] { n, 1 });
                        for (int i = 0; i < n; i++) tensor[i, 0] = Convert.ToSingle(get(rows[start + i])) != 0;
                        inputs.Add(NamedOnnxValue.CreateFromTensor(name, tensor));
                    }
                    else
                    {
                        var tensor = new DenseTensor<float>(new[] { n, 1 });
                        for (int i = 0; i < n; i++) tensor[i, 0] = Convert.ToSingle(get(rows[start + i]));
                        inputs.Add(NamedOnnxValue.CreateFromTensor(name, tensor));
                    }
                }
                using var results = _session.Run(inputs, new[] { _output });
                var scores = results.First().AsTensor<float>();
                sum += scores.GetValue(0);
            }
            return sum;
        }

        /// <inheritdoc />
        public void Dispose() => _session.Dispose();
    }
}
