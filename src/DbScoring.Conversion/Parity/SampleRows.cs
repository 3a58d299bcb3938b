using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using DbScoring.Conversion.Data;
using DbScoring.Runtime;

namespace DbScoring.Conversion.Parity
{
    /// <summary>
    /// Rows for the parity gate: the user's sample file, or rows synthesised from the input schema — and in both
    /// cases edge rows with missing values, unseen categories, empty strings and extreme numbers.
    /// </summary>
    internal static class SampleRows
    {
        private static readonly double[] Extremes = { double.NaN, 0, -0.0, 1e30, -1e30, 3.4e38, -3.4e38, 1e-30, double.PositiveInfinity, double.NegativeInfinity };

        /// <summary>Synthetic rows: plausible values mixed with every kind of edge value, from a fixed seed.</summary>
        public static List<SampleRow> Synthesize(IReadOnlyList<InputColumn> inputs, IReadOnlyList<bool> integral, int count, int seed)
        {
            var random = new Random(seed);
            var rows = new List<SampleRow>(count);
            for (int r = 0; r < count; r++)
            {
                var row = new SampleRow(inputs.Count);
                for (int i = 0; i < inputs.Count; i++)
                {
                    var input = inputs[i];
                    switch (input.Kind)
                    {
                        case InputKind.Text: row.Texts[i] = SynthText(input, random); break;
                        case InputKind.Boolean: row.Numbers[i] = random.Next(2); break;
                        default: row.Numbers[i] = SynthNumber(random, integral[i]); break;
                    }
                }
                rows.Add(row);
            }
            return rows;
        }

        /// <summary>Reads up to <paramref name="maxRows"/> rows of a CSV sample, matching header names to inputs case-insensitively.</summary>
        public static List<SampleRow> Read(string path, ScoringModel model, int maxRows, Action<long, long, long>? progress = null) => Read(path, model, maxRows, out _, null, progress);

        /// <summary>
        /// Reads up to <paramref name="maxRows"/> rows of a CSV sample, then reads on to the end: <paramref name="fileRows"/> counts
        /// every data row, and <paramref name="ranges"/> (when given) gets the smallest and largest finite value of each
        /// numeric input over every row, not only the rows kept. <paramref name="progress"/> (rows, bytes read, file bytes) is
        /// told how far the read is.
        /// </summary>
        public static List<SampleRow> Read(string path, ScoringModel model, int maxRows, out long fileRows, Dictionary<string, (double Min, double Max)>? ranges,
            Action<long, long, long>? progress = null)
        {
            using var csv = CsvReader.Open(path);
            var fieldOf = new int[csv.Header.Count];
            for (int c = 0; c < fieldOf.Length; c++) fieldOf[c] = model.FindInput(csv.Header[c]);
            var missing = model.Inputs.Where(input => !fieldOf.Contains(input.Index)).Select(input => input.Name).ToList();
            if (missing.Count == model.Inputs.Count && model.Inputs.Count > 0)
                throw new InvalidDataException($"The sample {csv.Source} has none of the model's input columns ({string.Join(", ", model.Inputs.Select(i => i.Name))}).");
            var rows = new List<SampleRow>();
            var fields = new List<string>();
            SampleRow? beyond = null; // reused for the rows past maxRows, which only widen the ranges
            fileRows = 0;
            while ((rows.Count < maxRows || ranges != null) && csv.ReadRow(fields))
            {
                fileRows++;
                var row = rows.Count < maxRows ? new SampleRow(model.Inputs.Count) : beyond ??= new SampleRow(model.Inputs.Count);
                Array.Fill(row.Numbers, double.NaN);
                for (int c = 0; c < fields.Count && c < fieldOf.Length; c++)
                {
                    int field = fieldOf[c];
                    if (field < 0) continue;
                    var input = model.Inputs[field];
                    if (input.Kind == InputKind.Text) row.Texts[field] = fields[c];
                    else row.Numbers[field] = ParseNumber(fields[c], input, csv, c);
                }
                if (row != beyond) rows.Add(row);
                if (ranges != null) Widen(model, row, ranges);
                if (progress != null && (fileRows & 0x1FFF) == 0) progress(fileRows, csv.BytesRead, csv.Length);
            }
            progress?.Invoke(fileRows, csv.BytesRead, csv.Length);
            return rows;
        }

        /// <summary>Widens each numeric input's range, by input name, with the row's finite values.</summary>
        private static void Widen(ScoringModel model, SampleRow row, Dictionary<string, (double Min, double Max)> ranges)
        {
            foreach (var input in model.Inputs)
            {
                if (input.Kind != InputKind.Number) continue;
                double value = row.Numbers[input.Index];
                if (double.IsNaN(value) || double.IsInfinity(value)) continue;
                ranges[input.Name] = ranges.TryGetValue(input.Name, out var r) ? (Math.Min(r.Min, value), Math.Max(r.Max, value)) : (value, value);
            }
        }

        private static double ParseNumber(string text, InputColumn input, CsvReader csv, int column)
        {
            string t = text.Trim();
            if (t.Length == 0 || t == "?" || t.Equals("NA", StringComparison.OrdinalIgnoreCase) || t.Equals("NaN", StringComparison.OrdinalIgnoreCase)) return double.NaN;
            if (input.Kind == InputKind.Boolean)
            {
                if (t == "1" || t.Equals("true", StringComparison.OrdinalIgnoreCase)) return 1;
                if (t == "0" || t.Equals("false", StringComparison.OrdinalIgnoreCase)) return 0;
            }
            else if (double.TryParse(t, NumberStyles.Float, CultureInfo.InvariantCulture, out double value)) return value;
            throw new InvalidDataException($"{csv.Source} line {csv.LineNumber}, column '{csv.Header[column]}': '{text}' is not a {input.Kind.ToString().ToLowerInvariant()}.");
        }

        private static double SynthNumber(Random random, bool integral)
        {
            double roll = random.NextDouble();
            if (integral)
                return roll < 0.8 ? random.Next(-5, 100) : roll < 0.9 ? random.Next() : -random.Next();
            if (roll < 0.10) return Extremes[random.Next(Extremes.Length)];
            if (roll < 0.30) return random.Next(-3, 20);
            double magnitude = Math.Pow(10, random.NextDouble() * 6 - 2);
            return (random.NextDouble() * 2 - 1) * magnitude;
        }

        private static string? SynthText(InputColumn input, Random random)
        {
            var categories = input.Categories;
            double roll = random.NextDouble();
            if (categories.Count > 0 && roll < 0.75) return categories[random.Next(categories.Count)];
            if (roll < 0.80) return null;
            if (roll < 0.85) return "";
            if (roll < 0.88) return "  ";
            if (roll < 0.92 && categories.Count > 0) return " " + categories[random.Next(categories.Count)].ToUpperInvariant() + " ";
            if (roll < 0.95) return "Zürich-\u00e9\u4e2d\ud83d\ude00";
            return "unseen-" + random.Next(1000).ToString(CultureInfo.InvariantCulture);
        }
    }
}
