using System;
using System.Collections.Generic;
using System.Linq;
using DbScoring.Runtime;
using DbScoring.Store;

namespace DbScoring.Cli
{
    /// <summary>
    /// Counts, per model input, what a file run sent the model: missing values, text outside the model's known
    /// categories, numbers below or above the range seen at conversion — the figures score-table keeps per run
    /// (<see cref="InputStatistics"/>), with the same meanings.
    /// </summary>
    public sealed class InputStatisticsCounter
    {
        private readonly IReadOnlyList<InputColumn> _inputs;
        private readonly HashSet<string>?[] _categories;
        private readonly long[] _missing, _unseen, _below, _above;
        private long _rows;

        /// <summary>Counts for the inputs of <paramref name="model"/>.</summary>
        public InputStatisticsCounter(ScoringModel model)
        {
            _inputs = model.Inputs;
            int n = _inputs.Count;
            _categories = _inputs.Select(i => i.Kind == InputKind.Text && i.Categories.Count > 0 ? new HashSet<string>(i.Categories, StringComparer.Ordinal) : null).ToArray();
            _missing = new long[n];
            _unseen = new long[n];
            _below = new long[n];
            _above = new long[n];
        }

        /// <summary>One more row.</summary>
        public void AddRow() => _rows++;

        /// <summary>The input's value is missing in the current row.</summary>
        public void Missing(int input) => _missing[input]++;

        /// <summary>A number sent to the input (NaN = missing).</summary>
        public void Number(int input, double value)
        {
            if (double.IsNaN(value)) { _missing[input]++; return; }
            var column = _inputs[input];
            if (double.IsNaN(column.TrainingMin)) return;
            if (value < column.TrainingMin) _below[input]++;
            else if (value > column.TrainingMax) _above[input]++;
        }

        /// <summary>A text sent to a text input (null or empty = missing).</summary>
        public void Text(int input, string? value)
        {
            if (string.IsNullOrEmpty(value)) _missing[input]++;
            else if (_categories[input] is { } known && !known.Contains(value)) _unseen[input]++;
        }

        /// <summary>The counts, in input order.</summary>
        public IReadOnlyList<InputStatistics> Result() => _inputs.Select((input, i) => new InputStatistics
        {
            InputName = input.Name, Rows = _rows, Missing = _missing[i], UnseenCategories = _unseen[i], BelowRange = _below[i], AboveRange = _above[i],
        }).ToList();
    }
}
