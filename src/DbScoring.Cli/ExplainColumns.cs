using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using DbScoring.Conversion.Data;
using DbScoring.Runtime;
using DbScoring.Runtime.Explanations;

namespace DbScoring.Cli
{
    /// <summary>
    /// The reason-code columns of <c>dbscoring score --explain</c>: <c>n</c> gives Reason1, Reason1Contribution, … (input
    /// names strongest first by absolute contribution); <c>all</c> gives Contribution.&lt;input&gt; for every input in
    /// model order and Contribution.Base, which add up to the raw score.
    /// </summary>
    public sealed class ExplainColumns
    {
        private readonly int _top;   // 0: all
        private readonly string[] _names;

        private ExplainColumns(ScoringModel model, int top)
        {
            _top = top;
            _names = model.Inputs.Select(i => i.Name).ToArray();
            Headers = top == 0
                ? model.Inputs.Select(i => "Contribution." + i.Name).Append("Contribution.Base").ToArray()
                : Enumerable.Range(1, top).SelectMany(i => new[] { "Reason" + I(i), "Reason" + I(i) + "Contribution" }).ToArray();
        }

        /// <summary>The column names, in output order.</summary>
        public IReadOnlyList<string> Headers { get; }

        /// <summary>
        /// Parses the option value (null: no explanation). Refuses a bad value (exit 2) and a model that cannot explain
        /// (exit 3, with the reason and remedy) before any row is read.
        /// </summary>
        public static ExplainColumns? Parse(string? value, ScoringModel model)
        {
            if (value == null) return null;
            int top;
            if (string.Equals(value.Trim(), "all", StringComparison.OrdinalIgnoreCase)) top = 0;
            else if (!int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out top) || top < 1)
                throw new UsageException($"The option --explain takes a number of reasons (1 or more) or 'all'; '{value}' is neither.");
            top = Math.Min(top, model.Inputs.Count);
            if (model.ExplanationRefusal != null) throw new ExplanationUnavailableException(model.ExplanationRefusal);
            return new ExplainColumns(model, top);
        }

        /// <summary>Explanation values a row keeps for <see cref="Append"/>: every input's contribution, then the base.</summary>
        public int ValuesPerRow => _names.Length + 1;

        /// <summary>Ranked inputs a row keeps for <see cref="Append"/>: the n strongest (none with <c>all</c>).</summary>
        public int RanksPerRow => _top;

        /// <summary>Copies what <see cref="Append"/> writes out of <paramref name="explanation"/>, which the next row overwrites.</summary>
        public void Keep(Explanation explanation, Span<double> values, Span<int> ranks)
        {
            explanation.Contributions.CopyTo(values);
            values[_names.Length] = explanation.Base;
            explanation.Ranked.AsSpan(0, _top).CopyTo(ranks);
        }

        /// <summary>Appends a row's reason-code fields to <paramref name="record"/>, from what <see cref="Keep"/> kept.</summary>
        public void Append(ref CsvRow record, ReadOnlySpan<double> values, ReadOnlySpan<int> ranks)
        {
            if (_top == 0)
            {
                foreach (double c in values) record.Add(Number(c)); // the contributions, then the base
                return;
            }
            for (int r = 0; r < _top; r++)
            {
                int input = ranks[r];
                record.Add(_names[input]);
                record.Add(Number(values[input]));
            }
        }

        private static string I(int i) => i.ToString(CultureInfo.InvariantCulture);

        /// <summary>Round-trippable invariant text; empty for NaN (undefined).</summary>
        private static string Number(double value) => double.IsNaN(value) ? "" : value.ToString("R", CultureInfo.InvariantCulture);
    }
}
