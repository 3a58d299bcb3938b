using System;
using DbScoring.Runtime;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace DbScoring.Conversion
{
    /// <summary>
    /// Maps ML.NET input columns to runtime input columns: numbers (Single, Double, integers) and booleans are held
    /// as floats, text as text; fixed-size vectors of those become one field per slot. Other types are marked
    /// unusable, which fails only if the prediction actually reads them.
    /// </summary>
    internal static class InputBinding
    {
        public static void Bind(ConversionGraph graph, DataViewSchema.Column column)
        {
            int length = 1;
            var itemType = column.Type;
            if (column.Type is VectorDataViewType vector)
            {
                if (!vector.IsKnownSize)
                {
                    graph.BindUnusable(column.Name, "it is a variable-length vector.");
                    return;
                }
                length = vector.Size;
                itemType = vector.ItemType;
            }
            var kind = KindOf(itemType);
            if (kind == null)
            {
                graph.BindUnusable(column.Name, $"its type {column.Type} is not a number, boolean or text.");
                return;
            }
            int index = graph.AddColumn(column.Name, kind == InputKind.Text ? ColumnKind.Text : ColumnKind.Float, length);
            graph.InputColumns[index] = column;
            graph.Bind(column.Name, index);
        }

        public static InputKind? KindOf(DataViewType itemType)
        {
            if (itemType is TextDataViewType) return InputKind.Text;
            if (itemType is BooleanDataViewType) return InputKind.Boolean;
            if (itemType is NumberDataViewType) return InputKind.Number;
            return null;
        }

        /// <summary>The item type of a vector, or the type itself.</summary>
        public static DataViewType ItemType(DataViewType type) => type is VectorDataViewType vector ? vector.ItemType : type;

        /// <summary>Whether ML.NET holds the column as an integer, which cannot be missing (NaN).</summary>
        public static bool IsIntegral(DataViewType type)
        {
            var item = ItemType(type);
            return item is NumberDataViewType && item.RawType != typeof(float) && item.RawType != typeof(double);
        }
    }
}
