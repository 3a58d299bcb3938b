using System;
using System.Collections.Generic;
using DbScoring.Runtime.Explanations;
using DbScoring.Runtime.Predictors;
using DbScoring.Runtime.Transforms;

namespace DbScoring.Runtime
{
    /// <summary>
    /// Everything a model blob holds, as objects: what the converter builds and <see cref="Format.ModelSerializer"/>
    /// writes. Load a blob with <see cref="ScoringModel.Load"/> to score it.
    /// </summary>
    public sealed class ModelDefinition
    {
        /// <summary>Creates a definition.</summary>
        public ModelDefinition(IReadOnlyList<InputColumn> inputs, IReadOnlyList<ColumnDefinition> columns,
            IReadOnlyList<Transform> transforms, Predictor predictor, IReadOnlyList<string> classLabels,
            IDictionary<string, string>? metadata = null, ExplanationData? explanations = null)
        {
            Inputs = inputs ?? throw new ArgumentNullException(nameof(inputs));
            Columns = columns ?? throw new ArgumentNullException(nameof(columns));
            Transforms = transforms ?? throw new ArgumentNullException(nameof(transforms));
            Predictor = predictor ?? throw new ArgumentNullException(nameof(predictor));
            ClassLabels = classLabels ?? throw new ArgumentNullException(nameof(classLabels));
            Metadata = new SortedDictionary<string, string>(StringComparer.Ordinal);
            if (metadata != null)
                foreach (var pair in metadata) Metadata[pair.Key] = pair.Value;
            Explanations = explanations;
        }

        /// <summary>The same model with <paramref name="explanations"/> (node covers) attached.</summary>
        public ModelDefinition WithExplanations(ExplanationData? explanations) =>
            new ModelDefinition(Inputs, Columns, Transforms, Predictor, ClassLabels, Metadata, explanations) { Profile = Profile };

        /// <summary>Input fields in the order callers see them.</summary>
        public IReadOnlyList<InputColumn> Inputs { get; }

        /// <summary>Working columns; each is written once, by an input or by one transform.</summary>
        public IReadOnlyList<ColumnDefinition> Columns { get; }

        /// <summary>Feature transforms in execution order.</summary>
        public IReadOnlyList<Transform> Transforms { get; }

        /// <summary>The predictor.</summary>
        public Predictor Predictor { get; }

        /// <summary>Binary: "False", "True"; multiclass: class labels in ML.NET's order; regression: empty.</summary>
        public IReadOnlyList<string> ClassLabels { get; }

        /// <summary>Text metadata sorted by key (ordinal), so that the bytes are deterministic.</summary>
        public SortedDictionary<string, string> Metadata { get; }

        /// <summary>
        /// Node covers for explaining tree ensembles (the blob's Explanations section); null when the model was converted
        /// without reference rows — then its trees cannot be explained (linear models need nothing here).
        /// </summary>
        public ExplanationData? Explanations { get; }

        /// <summary>The task, which follows from the predictor.</summary>
        public PredictionKind Kind => Predictor.Task;

        /// <summary>
        /// The distributions of inputs and outputs over reference rows (section 6), against which drift is measured;
        /// null when the model was converted without profile rows (and in blobs of format 1.0).
        /// </summary>
        public Monitoring.TrainingProfile? Profile { get; private set; }

        /// <summary>The same definition with <paramref name="profile"/> as its training profile (null: none).</summary>
        public ModelDefinition WithProfile(Monitoring.TrainingProfile? profile) =>
            new ModelDefinition(Inputs, Columns, Transforms, Predictor, ClassLabels, Metadata, Explanations) { Profile = profile };
    }
}
