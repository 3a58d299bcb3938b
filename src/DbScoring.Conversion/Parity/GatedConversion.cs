using System;
using System.Collections.Generic;
using System.IO;
using DbScoring.Runtime;
using DbScoring.Runtime.Format;

namespace DbScoring.Conversion.Parity
{
    /// <summary>
    /// The steps every converter for a foreign model (XGBoost, ONNX) shares around its oracle: the parity rows (the
    /// user's sample, then synthetic rows), and after the gate either the refusal or the final blob with sample
    /// ranges, node covers and the training profile.
    /// </summary>
    internal sealed class GatedConversion
    {
        private readonly ConversionOptions _options;
        private readonly IDictionary<string, string> _metadata;
        private readonly ScoringModel _model;
        private readonly List<SampleRow>? _sampleRows;
        private readonly IReadOnlyDictionary<string, (double Min, double Max)>? _ranges;
        private readonly long _sampleFileRows;

        /// <summary>
        /// Reads the sample (if any) against <paramref name="model"/> and adds <paramref name="synthesize"/>(count)
        /// synthetic rows: all of them without a sample, a tenth (at least 200) with one.
        /// </summary>
        public GatedConversion(ScoringModel model, ConversionOptions options, IDictionary<string, string> metadata, Func<int, List<SampleRow>> synthesize)
        {
            _model = model;
            _options = options;
            _metadata = metadata;
            if (options.SamplePath != null)
            {
                var ranges = new Dictionary<string, (double Min, double Max)>(StringComparer.OrdinalIgnoreCase);
                _sampleRows = SampleRows.Read(options.SamplePath, model, options.MaxSampleRows, out _sampleFileRows, ranges, options.ReadProgress);
                Rows.AddRange(_sampleRows);
                Sample = "file:" + Path.GetFileName(options.SamplePath) + "+edge-cases";
                _ranges = ranges; // from every row of the file, not only the first MaxSampleRows the gate checks
                metadata["ranges.source"] = "sample:" + Path.GetFileName(options.SamplePath);
            }
            int synthetic = options.SamplePath == null ? options.SyntheticRows : Math.Max(200, options.SyntheticRows / 10);
            Rows.AddRange(synthesize(synthetic));
        }

        /// <summary>The parity rows, indexed like the model's inputs.</summary>
        public List<SampleRow> Rows { get; } = new List<SampleRow>();

        /// <summary>"synthetic" or "file:&lt;name&gt;+edge-cases".</summary>
        public string Sample { get; } = "synthetic";

        /// <summary>
        /// Refuses the model when <paramref name="parity"/> failed (saying <paramref name="whatToDo"/>, by default: report
        /// it); otherwise builds the blob from <paramref name="build"/>(sample ranges) with the parity figures, node covers
        /// and training profile.
        /// </summary>
        public ConversionResult Finish(ParityReport parity, Func<IReadOnlyDictionary<string, (double Min, double Max)>?, ModelDefinition> build,
            string whatToDo = "please report it with the model file")
        {
            parity = parity.WithSample(_sampleRows?.Count ?? 0, _sampleFileRows);
            if (!parity.Passed)
                throw new ModelConversionException(
                    $"Parity gate failed: DbScoring does not score this model exactly as {parity.Oracle} does ({parity}). " +
                    string.Join("; ", parity.Examples) + $". The model was not converted; {whatToDo}.");
            foreach (var pair in parity.ToMetadata()) _metadata[pair.Key] = pair.Value;
            var covers = _sampleRows == null ? null
                : ModelConverter.RecordCovers(_model, _sampleRows, $"{_sampleRows.Count} rows of sample {Path.GetFileName(_options.SamplePath)}");
            byte[] blob = ModelSerializer.Write(ModelConverter.WithProfile(build(_ranges).WithExplanations(covers), _options, _sampleRows));
            return new ConversionResult(blob, ScoringModel.Load(blob), parity);
        }
    }
}
