using System;
using Microsoft.ML;

namespace DbScoring.Conversion
{
    /// <summary>
    /// How one ML.NET feature transformer is converted; one instance per entry of
    /// <see cref="SupportedComponents.MlNetTransformers"/> (the dispatch table, as for ONNX operators and XGBoost objectives).
    /// </summary>
    internal sealed class MlNetTransformer
    {
        private MlNetTransformer(string types, string description, Action<ITransformer, DataViewSchema, ConversionGraph> apply)
        {
            Types = types; Description = description; Apply = apply;
        }

        /// <summary>The input types converted, for the docs ("" when the transformer takes any).</summary>
        public string Types { get; }

        /// <summary>What it becomes, for the docs.</summary>
        public string Description { get; }

        /// <summary>Translates the transformer, whose input schema is given, into the graph.</summary>
        public Action<ITransformer, DataViewSchema, ConversionGraph> Apply { get; }

        public static MlNetTransformer Of<T>(string types, string description, Action<T, DataViewSchema, ConversionGraph> apply) where T : class, ITransformer =>
            new MlNetTransformer(types, description, (transformer, schema, graph) => apply((T)transformer, schema, graph));
    }
}
