namespace DbScoring.Conversion
{
    /// <summary>How to convert and check a model.</summary>
    public sealed class ConversionOptions
    {
        /// <summary>Model name stored in the blob's metadata; defaults to the file name without extension.</summary>
        public string? Name { get; init; }

        /// <summary>A CSV file of real rows for the parity gate (header names = input names); null to synthesise rows.</summary>
        public string? SamplePath { get; init; }

        /// <summary>
        /// A CSV file of training or reference rows for the training profile stored in the blob (section 6); null: the
        /// <see cref="SamplePath"/> rows; no profile when neither is given.
        /// </summary>
        public string? ProfilePath { get; init; }

        /// <summary>At most this many rows are read from <see cref="ProfilePath"/>.</summary>
        public int MaxProfileRows { get; init; } = 1_000_000;

        /// <summary>At most this many rows are read from <see cref="SamplePath"/>.</summary>
        public int MaxSampleRows { get; init; } = 10_000;

        /// <summary>Synthetic rows checked: all of them without a sample file, as edge cases in addition to it otherwise.</summary>
        public int SyntheticRows { get; init; } = 2_000;

        /// <summary>Seed for synthetic rows, so that a conversion is reproducible.</summary>
        public int Seed { get; init; } = 20261128;

        /// <summary>Largest absolute difference accepted on Score and Probability.</summary>
        public double Tolerance { get; init; } = 1e-5;

        /// <summary>
        /// Input names for a model whose features are a plain numbered vector (XGBoost, an ONNX [N, F] tensor), in
        /// feature order; null to use the names the model carries, else f0…f{F−1}.
        /// </summary>
        public System.Collections.Generic.IReadOnlyList<string>? FeatureNames { get; init; }

        /// <summary>
        /// For an ONNX regressor with several targets (n_targets &gt; 1), which one (0-based) the model scores; DbScoring's
        /// regression has one output, so each target is its own model. Null: such a model is refused with this advice.
        /// </summary>
        public int? Target { get; init; }

        /// <summary>The Python with xgboost that scores XGBoost models for the parity gate; null to look for one (see docs/model-sources.md).</summary>
        public string? XgboostPython { get; init; }

        /// <summary>
        /// Optional: told how far the reading of the sample and profile files is (rows read, bytes read, file bytes), every
        /// few thousand rows and at the end of each file — for a progress display; reading a big sample is the long part.
        /// </summary>
        public System.Action<long, long, long>? ReadProgress { get; init; }
    }
}
