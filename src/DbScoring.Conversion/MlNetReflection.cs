using System;
using System.Collections;
using System.Collections.Generic;
using System.Linq;
using System.Reflection;

namespace DbScoring.Conversion
{
    /// <summary>
    /// Reads ML.NET members that 5.0.1 keeps internal or private (see ../shared/docs/mlnet-notes.md). Every access
    /// names the member, so an ML.NET upgrade that moves one fails with a clear message instead of a wrong model.
    /// </summary>
    internal static class MlNetReflection
    {
        private const BindingFlags Any = BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic;

        /// <summary>Value of field or property <paramref name="name"/> declared on the object's type or a base type.</summary>
        internal static object? Get(object target, string name)
        {
            for (var type = target.GetType(); type != null; type = type.BaseType)
            {
                var field = type.GetField(name, Any | BindingFlags.DeclaredOnly);
                if (field != null) return field.GetValue(target);
                var property = type.GetProperty(name, Any | BindingFlags.DeclaredOnly);
                if (property != null && property.GetIndexParameters().Length == 0) return property.GetValue(target);
            }
            throw new ModelConversionException(
                $"ML.NET's {target.GetType().Name} has no member '{name}'. DbScoring reads ML.NET 5.0.1 models; this one may come from another version.",
                target.GetType().Name);
        }

        /// <summary>Typed <see cref="Get"/>.</summary>
        internal static T Get<T>(object target, string name)
        {
            object? value = Get(target, name);
            if (value is T typed) return typed;
            throw new ModelConversionException(
                $"ML.NET's {target.GetType().Name}.{name} is a {value?.GetType().Name ?? "null"}, not the {typeof(T).Name} DbScoring expects.",
                target.GetType().Name);
        }

        /// <summary>The (output, input) column pairs of a one-to-one transformer.</summary>
        internal static (string Output, string Input)[] ColumnPairs(object transformer)
        {
            var pairs = Get(transformer, "ColumnPairs");
            if (pairs is (string, string)[] array) return array;
            throw new ModelConversionException($"ML.NET's {transformer.GetType().Name}.ColumnPairs has an unexpected shape.", transformer.GetType().Name);
        }

        /// <summary>Items of an array or list member.</summary>
        internal static object[] Items(object target, string name)
        {
            object? value = Get(target, name);
            if (value is IEnumerable items) return items.Cast<object>().ToArray();
            throw new ModelConversionException($"ML.NET's {target.GetType().Name}.{name} is not a list.", target.GetType().Name);
        }

        /// <summary>
        /// A float, a float list, or an empty list as <paramref name="length"/> floats (a scalar is repeated; an empty
        /// list means zeros, as ML.NET's normalizers store "no offset").
        /// </summary>
        internal static float[] Floats(object? value, int length, string what)
        {
            switch (value)
            {
                case float single: return Enumerable.Repeat(single, length).ToArray();
                case IEnumerable<float> list:
                    var array = list.ToArray();
                    if (array.Length == 0) return new float[length];
                    if (array.Length == length) return array;
                    throw new ModelConversionException($"{what} has {array.Length} values for {length} slots.");
                default:
                    throw new ModelConversionException($"{what} is a {value?.GetType().Name ?? "null"}; a float or float list was expected.");
            }
        }
    }
}
