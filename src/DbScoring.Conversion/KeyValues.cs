using System;
using System.Globalization;
using System.Linq;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace DbScoring.Conversion
{
    /// <summary>Reads a key column's KeyValues annotation (the vocabulary, key k ↔ value k − 1) as text.</summary>
    internal static class KeyValues
    {
        /// <summary>ML.NET's annotation kind for a key column's values (AnnotationUtils.Kinds.KeyValues, internal).</summary>
        public const string AnnotationName = "KeyValues";

        public static string[] AsText(DataViewSchema.Column column)
        {
            var annotation = column.Annotations.Schema.GetColumnOrNull(AnnotationName);
            if (annotation?.Type is not VectorDataViewType vector)
                throw new ModelConversionException($"Key column '{column.Name}' carries no key values.");
            var read = typeof(KeyValues).GetMethod(nameof(Read), System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Static)!
                .MakeGenericMethod(vector.ItemType.RawType);
            return (string[])read.Invoke(null, new object[] { column })!;
        }

        /// <summary>
        /// The key values of a key column over Single values (a numeric vocabulary). ML.NET stores them as floats, or as
        /// their text when the annotation was added as text (OneHotEncoding does); text is parsed back (round-trip
        /// formatting, and the parity gate checks the result).
        /// </summary>
        public static float[] AsSingles(DataViewSchema.Column column)
        {
            var annotation = column.Annotations.Schema.GetColumnOrNull(AnnotationName);
            if (annotation?.Type is VectorDataViewType { ItemType: NumberDataViewType number } && number.RawType == typeof(float))
            {
                VBuffer<float> values = default;
                column.GetKeyValues(ref values);
                return values.DenseValues().ToArray();
            }
            return AsText(column).Select(text => float.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out float value)
                ? value
                : throw new ModelConversionException($"Key column '{column.Name}' has the value '{text}', which is not a number.")).ToArray();
        }

        private static string[] Read<T>(DataViewSchema.Column column)
        {
            VBuffer<T> values = default;
            column.GetKeyValues(ref values);
            return values.DenseValues().Select(v => Format(v)).ToArray();
        }

        private static string Format(object? value) => value switch
        {
            ReadOnlyMemory<char> text => text.ToString(),
            float f => f.ToString("R", CultureInfo.InvariantCulture),
            double d => d.ToString("R", CultureInfo.InvariantCulture),
            IFormattable formattable => formattable.ToString(null, CultureInfo.InvariantCulture),
            null => "",
            _ => value.ToString() ?? "",
        };
    }
}
