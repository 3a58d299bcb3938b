using System;
using System.Linq;
using DbScoring.Runtime;
using DbScoring.Runtime.Transforms;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Transforms;

namespace DbScoring.Conversion
{
    /// <summary>
    /// Translates one ML.NET feature transformer into runtime transforms. One method per supported transformer, each an
    /// entry of <see cref="SupportedComponents.MlNetTransformers"/>; anything else is refused by its type name.
    /// </summary>
    internal static class TransformerTranslator
    {
        /// <summary>
        /// Translates <paramref name="transformer"/>, whose input schema is <paramref name="schema"/>, through the dispatch
        /// table (its own type, else the nearest base type listed there); anything else is refused by its type name.
        /// </summary>
        public static void Translate(ITransformer transformer, DataViewSchema schema, ConversionGraph graph)
        {
            var translation = SupportedComponents.Find(SupportedComponents.MlNetTransformers, transformer.GetType()) ?? throw SupportedComponents.Refuse(transformer.GetType());
            translation.Apply(transformer, schema, graph);
        }

        internal static void Copy(ColumnCopyingTransformer copy, DataViewSchema schema, ConversionGraph graph)
        {
            foreach (var (output, input) in MlNetReflection.ColumnPairs(copy))
                graph.Bind(output, graph.Resolve(input, nameof(ColumnCopyingTransformer)));
        }

        internal static void Concatenate(ColumnConcatenatingTransformer concat, DataViewSchema schema, ConversionGraph graph)
        {
            const string user = nameof(ColumnConcatenatingTransformer);
            foreach (object options in MlNetReflection.Items(concat, "_columns"))
            {
                string name = MlNetReflection.Get<string>(options, "Name");
                var sourceNames = ((System.Collections.IEnumerable)MlNetReflection.Get(options, "Sources")!).Cast<(string Name, string Alias)>().ToArray();
                int[] sources = sourceNames.Select(s => graph.Resolve(s.Name, user)).ToArray();
                var kinds = sources.Select(s => graph.Column(s).Kind).Distinct().ToArray();
                if (kinds.Length != 1)
                    throw new ModelConversionException($"{user} '{name}' mixes column kinds ({string.Join(", ", kinds)}).", user);
                int length = sources.Sum(s => graph.Column(s).Length);
                int keyCount = kinds[0] == ColumnKind.Key ? sources.Max(s => graph.Column(s).KeyCount) : 0;
                graph.Emit(name, kinds[0], length, keyCount, sources,
                    (map, destination) => new ConcatenateTransform(sources.Select(map).ToArray(), destination));
            }
        }

        internal static void ReplaceMissing(MissingValueReplacingTransformer replace, DataViewSchema schema, ConversionGraph graph)
        {
            const string user = nameof(MissingValueReplacingTransformer);
            var pairs = MlNetReflection.ColumnPairs(replace);
            object[] values = MlNetReflection.Items(replace, "_repValues");
            for (int i = 0; i < pairs.Length; i++)
            {
                int source = graph.Resolve(pairs[i].Input, user);
                var column = ExpectKind(graph, source, ColumnKind.Float, user, pairs[i].Input);
                float[] replacement = values[i] switch
                {
                    float f => Enumerable.Repeat(f, column.Length).ToArray(),
                    double d => Enumerable.Repeat((float)d, column.Length).ToArray(),
                    float[] fa when fa.Length == column.Length => fa,
                    double[] da when da.Length == column.Length => da.Select(d => (float)d).ToArray(),
                    _ => throw new ModelConversionException($"{user} on '{pairs[i].Input}' has a replacement of type {values[i]?.GetType().Name ?? "null"}; only float and double columns are supported.", user),
                };
                graph.Emit(pairs[i].Output, ColumnKind.Float, column.Length, 0, new[] { source },
                    (map, destination) => new ReplaceMissingTransform(map(source), destination, replacement));
            }
        }

        internal static void ValueToKey(ValueToKeyMappingTransformer toKey, DataViewSchema schema, ConversionGraph graph)
        {
            const string user = nameof(ValueToKeyMappingTransformer);
            var output = toKey.GetOutputSchema(schema);
            foreach (var (outputName, inputName) in MlNetReflection.ColumnPairs(toKey))
            {
                int source = graph.Resolve(inputName, user);
                var column = graph.Column(source);
                if (column.Kind == ColumnKind.Float && InputBinding.ItemType(schema[inputName].Type) == NumberDataViewType.Single)
                {
                    float[] numbers = KeyValues.AsSingles(output[outputName]);
                    graph.Emit(outputName, ColumnKind.Key, column.Length, numbers.Length, new[] { source },
                        (map, destination) => new NumericValueToKeyTransform(map(source), destination, numbers));
                    continue;
                }
                if (column.Kind != ColumnKind.Text)
                {
                    // Other vocabularies (typically a label of another type) are rejected only if scoring needs them.
                    graph.BindUnusable(outputName, $"{user} over '{inputName}' of type {schema[inputName].Type} is not supported (text and Single are).");
                    continue;
                }
                string[] vocabulary = KeyValues.AsText(output[outputName]);
                graph.Emit(outputName, ColumnKind.Key, column.Length, vocabulary.Length, new[] { source },
                    (map, destination) => new ValueToKeyTransform(map(source), destination, vocabulary));
            }
        }

        internal static void KeyToVector(KeyToVectorMappingTransformer toVector, DataViewSchema schema, ConversionGraph graph)
        {
            const string user = nameof(KeyToVectorMappingTransformer);
            var pairs = MlNetReflection.ColumnPairs(toVector);
            object[] options = MlNetReflection.Items(toVector, "_columns");
            for (int i = 0; i < pairs.Length; i++)
            {
                int source = graph.Resolve(pairs[i].Input, user);
                var column = ExpectKind(graph, source, ColumnKind.Key, user, pairs[i].Input);
                bool bag = MlNetReflection.Get<bool>(options[i], "OutputCountVector");
                int length = bag ? column.KeyCount : column.KeyCount * column.Length;
                graph.Emit(pairs[i].Output, ColumnKind.Float, length, 0, new[] { source },
                    (map, destination) => new KeyToVectorTransform(map(source), destination, bag));
            }
        }

        internal static void KeyToValue(KeyToValueMappingTransformer toValue, DataViewSchema schema, ConversionGraph graph)
        {
            const string user = nameof(KeyToValueMappingTransformer);
            foreach (var (outputName, inputName) in MlNetReflection.ColumnPairs(toValue))
            {
                int source = graph.Resolve(inputName, user);
                var column = ExpectKind(graph, source, ColumnKind.Key, user, inputName);
                if (!(schema[inputName].Annotations.Schema.GetColumnOrNull(KeyValues.AnnotationName)?.Type is VectorDataViewType { ItemType: TextDataViewType }))
                {
                    graph.BindUnusable(outputName, $"{user} on '{inputName}' maps keys to non-text values.");
                    continue;
                }
                string[] values = KeyValues.AsText(schema[inputName]);
                graph.Emit(outputName, ColumnKind.Text, column.Length, 0, new[] { source },
                    (map, destination) => new KeyToValueTransform(map(source), destination, values));
            }
        }

        internal static void Hash(HashingTransformer hashing, DataViewSchema schema, ConversionGraph graph)
        {
            const string user = nameof(HashingTransformer);
            foreach (object options in MlNetReflection.Items(hashing, "_columns"))
            {
                string outputName = MlNetReflection.Get<string>(options, "Name");
                string inputName = MlNetReflection.Get<string>(options, "InputColumnName");
                if (MlNetReflection.Get<bool>(options, "Combine"))
                    throw new ModelConversionException($"{user} on '{inputName}' combines a vector into one hash, which DbScoring does not support.", user);
                var itemType = InputBinding.ItemType(schema[inputName].Type);
                if (itemType is not TextDataViewType && itemType != NumberDataViewType.Single)
                    throw new ModelConversionException($"{user} on '{inputName}' hashes {itemType} values; DbScoring hashes text and Single only.", user);
                int bits = MlNetReflection.Get<int>(options, "NumberOfBits");
                uint seed = MlNetReflection.Get<uint>(options, "Seed");
                bool ordered = MlNetReflection.Get<bool>(options, "UseOrderedHashing");
                int source = graph.Resolve(inputName, user);
                graph.Emit(outputName, ColumnKind.Key, graph.Column(source).Length, 1 << bits, new[] { source },
                    (map, destination) => new HashTransform(map(source), destination, bits, seed, ordered));
            }
        }

        internal static void ConvertType(TypeConvertingTransformer convert, DataViewSchema schema, ConversionGraph graph)
        {
            const string user = nameof(TypeConvertingTransformer);
            foreach (object options in MlNetReflection.Items(convert, "_columns"))
            {
                string outputName = MlNetReflection.Get<string>(options, "Name");
                string inputName = MlNetReflection.Get<string>(options, "InputColumnName") ?? outputName;
                string outputKind = MlNetReflection.Get(options, "OutputKind")!.ToString()!;
                int source = graph.Resolve(inputName, user);
                var column = graph.Column(source);
                bool toFloating = outputKind == "Single" || outputKind == "Double";
                if (toFloating && column.Kind == ColumnKind.Float)
                {
                    graph.Bind(outputName, source); // numbers and booleans are already held as floats: the conversion is exact
                }
                else if (toFloating && column.Kind == ColumnKind.Text)
                {
                    graph.Emit(outputName, ColumnKind.Float, column.Length, 0, new[] { source },
                        (map, destination) => new ConvertToFloatTransform(map(source), destination));
                }
                else
                {
                    graph.BindUnusable(outputName, $"{user} from {schema[inputName].Type} to {outputKind} is not supported.");
                }
            }
        }

        internal static void Normalize(NormalizingTransformer normalize, DataViewSchema schema, ConversionGraph graph)
        {
            const string user = nameof(NormalizingTransformer);
            object[] columns = MlNetReflection.Items(normalize, "Columns");
            for (int i = 0; i < columns.Length; i++)
            {
                string outputName = MlNetReflection.Get<string>(columns[i], "Name");
                string inputName = MlNetReflection.Get<string>(columns[i], "InputColumnName");
                int source = graph.Resolve(inputName, user);
                int n = ExpectKind(graph, source, ColumnKind.Float, user, inputName).Length;
                var parameters = normalize.GetNormalizerModelParameters(i);
                string kind = parameters.GetType().Name;
                string what = $"{user} '{outputName}'";
                Func<Func<int, int>, int, Transform> create;
                if (kind.StartsWith("AffineNormalizerModelParameters", StringComparison.Ordinal))
                {
                    float[] scale = MlNetReflection.Floats(MlNetReflection.Get(parameters, "Scale"), n, what + " scale");
                    float[] offset = MlNetReflection.Floats(MlNetReflection.Get(parameters, "Offset"), n, what + " offset");
                    create = (map, destination) => new AffineNormalizeTransform(map(source), destination, scale, offset);
                }
                else if (kind.StartsWith("BinNormalizerModelParameters", StringComparison.Ordinal))
                {
                    object bounds = MlNetReflection.Get(parameters, "UpperBounds")!;
                    float[][] upper = bounds is System.Collections.Generic.IEnumerable<float> single
                        ? new[] { single.ToArray() }
                        : ((System.Collections.IEnumerable)bounds).Cast<System.Collections.Generic.IEnumerable<float>>().Select(b => b.ToArray()).ToArray();
                    if (upper.Length != n)
                        throw new ModelConversionException($"{what} has {upper.Length} bound lists for {n} slots.", user);
                    float[] density = MlNetReflection.Floats(MlNetReflection.Get(parameters, "Density"), n, what + " density");
                    float[] offset = MlNetReflection.Floats(MlNetReflection.Get(parameters, "Offset"), n, what + " offset");
                    create = (map, destination) => new BinNormalizeTransform(map(source), destination, upper, density, offset);
                }
                else if (kind.StartsWith("CdfNormalizerModelParameters", StringComparison.Ordinal))
                {
                    float[] mean = MlNetReflection.Floats(MlNetReflection.Get(parameters, "Mean"), n, what + " mean");
                    float[] std = MlNetReflection.Floats(MlNetReflection.Get(parameters, "StandardDeviation"), n, what + " standard deviation");
                    bool useLog = MlNetReflection.Get<bool>(parameters, "UseLog");
                    create = (map, destination) => new CdfNormalizeTransform(map(source), destination, mean, std, useLog);
                }
                else
                {
                    throw new ModelConversionException($"{what} uses {kind}, which DbScoring does not support (supported: affine, binning, CDF).", kind);
                }
                graph.Emit(outputName, ColumnKind.Float, n, 0, new[] { source }, create);
            }
        }

        private static ColumnDefinition ExpectKind(ConversionGraph graph, int column, ColumnKind kind, string user, string name)
        {
            var definition = graph.Column(column);
            if (definition.Kind != kind)
                throw new ModelConversionException($"{user} reads '{name}' as {kind}, but DbScoring holds it as {definition.Kind}.", user);
            return definition;
        }
    }
}
