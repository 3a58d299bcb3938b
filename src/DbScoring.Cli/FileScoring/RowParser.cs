using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using DbScoring.Conversion.Data;
using DbScoring.Runtime;

namespace DbScoring.Cli.FileScoring
{
    /// <summary>
    /// Reads a CSV's rows into <see cref="RowChunk"/>s as the model's input values, with the runtime's own parsing rules
    /// and messages (what <see cref="Scorer.SetText"/> accepts, it accepts; what it refuses stops the run naming the line),
    /// and counts what the model is sent per input.
    /// </summary>
    internal sealed class RowParser
    {
        private readonly CsvReader _input;
        private readonly int[] _fieldOfColumn;
        private readonly int[] _keyIndexes;
        private readonly InputKind[] _kinds;
        private readonly string[] _names;
        private readonly HashSet<string>.AlternateLookup<ReadOnlySpan<char>> _missing;
        private readonly int _longestToken;
        private readonly bool _digitMayStartToken;
        private readonly InputStatisticsCounter? _statistics;
        private long _rows;

        /// <summary>Reads <paramref name="input"/> for <paramref name="model"/>; refuses a file without an input or key column.</summary>
        public RowParser(ScoringModel model, CsvReader input, HashSet<string> missingTokens, IReadOnlyList<string> keyColumns, InputStatisticsCounter? statistics)
        {
            _input = input;
            _fieldOfColumn = FileScorer.MapInputs(model, input);
            _keyIndexes = keyColumns.Select(k =>
            {
                int index = input.Header.ToList().FindIndex(h => string.Equals(h, k, StringComparison.OrdinalIgnoreCase));
                return index >= 0 ? index : throw new InvalidDataException($"{input.Source} has no key column '{k}'.");
            }).ToArray();
            _kinds = model.Inputs.Select(i => i.Kind).ToArray();
            _names = model.Inputs.Select(i => i.Name).ToArray();
            _missing = missingTokens.GetAlternateLookup<ReadOnlySpan<char>>();
            _longestToken = missingTokens.Count == 0 ? -1 : missingTokens.Max(t => t.Length);
            // An ASCII digit has no other case, so under OrdinalIgnoreCase only a token starting with that digit (or with a
            // non-ASCII character, to be safe about case folding) can equal a field starting with it.
            _digitMayStartToken = missingTokens.Any(t => t.Length > 0 && (char.IsAsciiDigit(t[0]) || !char.IsAscii(t[0])));
            _statistics = statistics;
        }

        /// <summary>Fills <paramref name="chunk"/> with the next rows; false when the file has no more.</summary>
        public bool Fill(RowChunk chunk)
        {
            chunk.Reset(_rows + 1);
            while (chunk.Count < chunk.Capacity && _input.ReadRow())
            {
                _rows++;
                _statistics?.AddRow();
                int row = chunk.Count;
                for (int c = 0; c < _fieldOfColumn.Length; c++)
                {
                    int field = _fieldOfColumn[c];
                    if (field >= 0) Read(chunk, row, c, field);
                }
                for (int k = 0; k < _keyIndexes.Length; k++) chunk.AddKey(k, _input.Field(_keyIndexes[k]));
                chunk.CompleteRow();
            }
            chunk.BytesRead = _input.BytesRead;
            return chunk.Count > 0;
        }

        /// <summary>False when <paramref name="value"/> cannot be a missing token: numbers skip the look-up.</summary>
        private bool MayBeMissingToken(ReadOnlySpan<char> value) =>
            value.Length <= _longestToken && (value.Length == 0 || _digitMayStartToken || !char.IsAsciiDigit(value[0]));

        /// <summary>File column <paramref name="column"/> of the current row into input <paramref name="field"/> of row <paramref name="row"/>.</summary>
        private void Read(RowChunk chunk, int row, int column, int field)
        {
            var value = _input.Field(column).Trim();
            var kind = _kinds[field];
            if (MayBeMissingToken(value) && _missing.Contains(value))
            {
                if (kind == InputKind.Text) chunk.Texts[field]![row] = null;
                else chunk.Numbers[field]![row] = double.NaN;
                _statistics?.Missing(field);
                return;
            }
            // Fast path: a number the runtime would parse the same way (float, invariant, trimmed) is read without a string;
            // anything else ("?", "NA", booleans, text, bad values) goes through the runtime's own parsing and messages.
            if (kind == InputKind.Number && float.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out float number))
            {
                chunk.Numbers[field]![row] = number;
                _statistics?.Number(field, number);
                return;
            }
            string text = _input.FieldText(column); // repeated short values share one string
            if (_statistics != null)
            {
                // What the runtime will read: text as it is; a number or boolean here can only be one of its missing tokens.
                if (kind == InputKind.Text) _statistics.Text(field, text);
                else if (value.Length == 0 || value.SequenceEqual("?") || value.Equals("NA", StringComparison.OrdinalIgnoreCase) || value.Equals("NaN", StringComparison.OrdinalIgnoreCase))
                    _statistics.Missing(field);
            }
            try
            {
                switch (kind)
                {
                    case InputKind.Text: chunk.Texts[field]![row] = text; break;
                    case InputKind.Number: chunk.Numbers[field]![row] = ValueParser.ParseNumber(text, _names[field]); break;
                    default: chunk.Numbers[field]![row] = ValueParser.ParseBoolean(text, _names[field]); break;
                }
            }
            catch (FormatException ex) { throw new InvalidDataException($"{_input.Source} line {_input.LineNumber}: {ex.Message}"); }
        }
    }
}
