using System.Collections.Generic;

namespace DbScoring.Runtime
{
    /// <summary>Load-time checks of column references, so that scoring can index without checks.</summary>
    internal static class ColumnCheck
    {
        /// <summary>Returns column <paramref name="index"/>, which must exist and be of <paramref name="kind"/>.</summary>
        internal static ColumnDefinition Expect(IReadOnlyList<ColumnDefinition> columns, int index, ColumnKind kind, string where, string role)
        {
            var column = Expect(columns, index, where, role);
            if (column.Kind != kind)
                throw new ModelFormatException($"{where}: {role} column '{column.Name}' holds {column.Kind} values; {kind} expected.");
            return column;
        }

        /// <summary>Returns column <paramref name="index"/>, which must exist.</summary>
        internal static ColumnDefinition Expect(IReadOnlyList<ColumnDefinition> columns, int index, string where, string role)
        {
            if (index < 0 || index >= columns.Count)
                throw new ModelFormatException($"{where}: {role} column index {index} is outside the column table (0..{columns.Count - 1}).");
            return columns[index];
        }

        /// <summary>Fails unless <paramref name="actual"/> equals <paramref name="expected"/>.</summary>
        internal static void Length(int actual, int expected, string where, string what)
        {
            if (actual != expected)
                throw new ModelFormatException($"{where}: {what} has length {actual}; {expected} expected.");
        }
    }
}
