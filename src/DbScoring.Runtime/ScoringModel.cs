using System;
using System.Collections.Generic;
using System.Text;
using DbScoring.Runtime.Explanations;
using DbScoring.Runtime.Format;

namespace DbScoring.Runtime
{
    /// <summary>
    /// A loaded, validated model blob. Immutable and thread-safe: create one <see cref="Scorer"/> per thread.
    /// Loading is the expensive step (parse, hash, validate); scoring rows afterwards allocates nothing.
    /// </summary>
    public sealed class ScoringModel
    {
        private readonly ModelDefinition _definition;
        private readonly Dictionary<string, int> _inputsByName;
        private ModelExplainer? _explainer; // built on first use; a race builds two equal ones, either is fine

        private ScoringModel(ModelDefinition definition, byte[] contentHash, string formatVersion)
        {
            _definition = definition;
            FormatVersion = formatVersion;
            Plan = ExecutionPlan.Build(definition);
            ContentHashHex = ToHex(contentHash);
            _inputsByName = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
            for (int i = 0; i < definition.Inputs.Count; i++)
            {
                if (_inputsByName.ContainsKey(definition.Inputs[i].Name))
                    throw new ModelFormatException($"Two inputs are named '{definition.Inputs[i].Name}' (names are matched case-insensitively).");
                _inputsByName.Add(definition.Inputs[i].Name, i);
            }
        }

        /// <summary>
        /// Parses, verifies (magic, version, SHA-256, every component) and prepares a model blob.
        /// Throws <see cref="ModelFormatException"/> when the blob is corrupt, tampered with or unsupported.
        /// </summary>
        public static ScoringModel Load(byte[] blob)
        {
            if (blob == null) throw new ArgumentNullException(nameof(blob));
            var definition = ModelSerializer.Read(blob, out byte[] hash, out string formatVersion);
            return new ScoringModel(definition, hash, formatVersion);
        }

        /// <summary>How scorers execute the model (possibly folded; same results).</summary>
        internal ExecutionPlan Plan { get; }

        /// <summary>The model's parts, as read from the blob.</summary>
        public ModelDefinition Definition => _definition;

        /// <summary>
        /// Format version the blob's header states, "major.minor" (a 1.0 blob says "1.0" although this runtime reads 1.1;
        /// docs/model-format.md lists what each version holds).
        /// </summary>
        public string FormatVersion { get; }

        /// <summary>SHA-256 of the blob content (its trailer), 64 lowercase hex digits.</summary>
        public string ContentHashHex { get; }

        /// <summary>The task, which fixes the output shape.</summary>
        public PredictionKind Kind => _definition.Kind;

        /// <summary>Input fields, in the order <see cref="Scorer"/> indexes them.</summary>
        public IReadOnlyList<InputColumn> Inputs => _definition.Inputs;

        /// <summary>Binary: "False", "True"; multiclass: class labels in ML.NET's order; regression: empty.</summary>
        public IReadOnlyList<string> ClassLabels => _definition.ClassLabels;

        /// <summary>Text metadata: name, algorithm, source hash, parity-gate figures.</summary>
        public IReadOnlyDictionary<string, string> Metadata => _definition.Metadata;

        /// <summary>The training profile drift is measured against; null when the blob has none ("no profile").</summary>
        public Monitoring.TrainingProfile? Profile => _definition.Profile;

        /// <summary>Index of the input named <paramref name="name"/> (case-insensitive), or −1.</summary>
        public int FindInput(string name)
        {
            if (name == null) throw new ArgumentNullException(nameof(name));
            return _inputsByName.TryGetValue(name, out int index) ? index : -1;
        }

        /// <summary>Why rows of this model cannot be explained (for example: trees without node covers); null when they can.</summary>
        public string? ExplanationRefusal => Explainer.Refusal;

        /// <summary>What the explained raw score is, in words: "raw score (margin), before calibration to a probability", …</summary>
        public string ExplanationScale => Explainer.Scale;

        internal ModelExplainer Explainer
        {
            get
            {
                var explainer = _explainer;
                if (explainer == null) _explainer = explainer = ModelExplainer.Create(_definition);
                return explainer;
            }
        }

        /// <summary>
        /// How the model's tree ensembles are evaluated, in words — "QuickScorer: 500 trees, 9,512 threshold tests, test order
        /// read from the blob (section 8)" — or null for a model without trees (for `inspect`).
        /// </summary>
        public string? TreeEvaluation
        {
            get
            {
                var ensembles = ExplainedFunctions.TreeEnsembles(_definition.Predictor);
                if (ensembles.Count == 0) return null;
                int trees = 0, tests = 0, walked = 0, fromBlob = 0;
                foreach (var ensemble in ensembles)
                {
                    trees += ensemble.Trees.Count;
                    var quick = ensemble.QuickScorer;
                    if (quick == null) { walked++; continue; }
                    tests += quick.Numbers.Tests.Length - quick.Numbers.GroupCount; // without the sentinels
                    if (ensemble.TestOrderFromBlob) fromBlob++;
                }
                var culture = System.Globalization.CultureInfo.InvariantCulture;
                string count = (ensembles.Count > 1 ? ensembles.Count.ToString(culture) + " ensembles, " : "") + trees.ToString("N0", culture) + " trees";
                if (walked == ensembles.Count) return $"tree walk: {count} (categorical splits or trees of more than 64 leaves)";
                string order = fromBlob == ensembles.Count - walked ? "test order read from the blob (section 8)"
                    : fromBlob == 0 ? "tests sorted at load (the blob has no section 8: format before 1.2)" : "test order partly read from the blob";
                return $"QuickScorer: {count}, {tests.ToString("N0", culture)} threshold tests, {order}" + (walked > 0 ? $"; {walked} ensembles walked" : "");
            }
        }

        /// <summary>Creates a scorer with its own scratch buffers; use one per thread.</summary>
        public Scorer CreateScorer() => new Scorer(this);

        /// <summary>The input and output schema and metadata as one JSON object (for catalogues and SQL).</summary>
        public string DescribeJson() => ModelDescription.ToJson(this);

        private static string ToHex(byte[] bytes)
        {
            var sb = new StringBuilder(bytes.Length * 2);
            foreach (byte b in bytes) sb.Append(b.ToString("x2", System.Globalization.CultureInfo.InvariantCulture));
            return sb.ToString();
        }
    }
}
