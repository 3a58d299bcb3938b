using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using DbScoring.Conversion.Data;
using nietras.SeparatedValues;
using Xunit;

namespace DbScoring.Conversion.Tests
{
    /// <summary>
    /// CsvWriter formats fields itself since session 7 (it went through Sep's writer before): for the same fields it writes
    /// exactly the text Sep 0.17.1 wrote with the options CsvWriter used, over many numbers and awkward texts.
    /// </summary>
    public sealed class CsvWriterTests
    {
        private static readonly string[] Texts =
        {
            "", "plain", "a,b", "say \"hi\"", "\"", "two\nlines", "cr\rhere", "crlf\r\n", " padded ", "tab\there", "ünïcödé €", "semi;colon",
            "'single'", ",", "\"\"", "end,",
        };

        /// <summary>Floats of every kind: random bit patterns (subnormals, huge, tiny), scores and probabilities, and the edges.</summary>
        private static IEnumerable<float> Floats(int count)
        {
            var random = new Random(7);
            foreach (float edge in new[] { 0f, -0f, 1f, -1f, 0.1f, 1f / 3, float.Epsilon, -float.Epsilon, float.MaxValue, float.MinValue,
                         float.PositiveInfinity, float.NegativeInfinity, float.NaN, 1e-45f, 3.4028235e38f, 16777216f, 16777217f, 1e7f, 1e-7f, 123456789f })
                yield return edge;
            for (int i = 0; i < count; i++)
            {
                yield return BitConverter.Int32BitsToSingle(random.Next(int.MinValue, int.MaxValue));
                yield return (float)(random.NextDouble() * 20 - 10);
                yield return 1f / (1f + MathF.Exp(-(float)(random.NextDouble() * 20 - 10)));
            }
        }

        private static IEnumerable<long> Longs(int count)
        {
            var random = new Random(11);
            foreach (long edge in new[] { 0L, 1L, -1L, long.MaxValue, long.MinValue, int.MaxValue, 1_000_000L }) yield return edge;
            for (int i = 0; i < count; i++) yield return random.NextInt64(long.MinValue, long.MaxValue) >> random.Next(64);
        }

        [Fact]
        public void Writes_numbers_and_texts_exactly_as_sep_wrote_them()
        {
            var floats = Floats(100_000).ToArray();
            var longs = Longs(20_000).ToArray();
            const int columns = 4;
            var header = new[] { "Key", "Score, raw", "Probability", "Row" };

            using var mine = new StringWriter();
            using (var csv = new CsvWriter(mine, header))
            {
                for (int i = 0; i < floats.Length; i++)
                {
                    var row = csv.NewRow();
                    row.Add(Texts[i % Texts.Length]);
                    row.Add(floats[i]);
                    row.Add(floats[floats.Length - 1 - i]);
                    row.Add(longs[i % longs.Length]);
                    row.Dispose();
                }
            }

            using var sep = new StringWriter();
            using (var writer = Sep.New(',').Writer(o => o with { WriteHeader = false, Escape = true, CultureInfo = CultureInfo.InvariantCulture }).To(sep, leaveOpen: true))
            {
                using (var row = writer.NewRow())
                    for (int c = 0; c < columns; c++) row[c].Set(header[c]);
                for (int i = 0; i < floats.Length; i++)
                {
                    using var row = writer.NewRow();
                    row[0].Set(Texts[i % Texts.Length]);
                    SetSep(row[1], floats[i]);
                    SetSep(row[2], floats[floats.Length - 1 - i]);
                    row[3].Format(longs[i % longs.Length]);
                }
            }

            string written = mine.ToString(), expected = sep.ToString();
            Assert.True(written.Length > 2_000_000, "the comparison covers a few megabytes");
            if (written != expected)
            {
                int at = Enumerable.Range(0, Math.Min(written.Length, expected.Length)).First(i => written[i] != expected[i]);
                Assert.Fail($"first difference at {at}: ours '{Around(written, at)}', Sep's '{Around(expected, at)}'");
            }
        }

        [Fact]
        public void A_number_reads_back_as_the_same_float_and_nan_is_an_empty_field()
        {
            using var text = new StringWriter();
            var floats = Floats(20_000).ToArray();
            using (var csv = new CsvWriter(text, new[] { "Value" }))
            {
                foreach (float value in floats)
                {
                    var row = csv.NewRow();
                    row.Add(value);
                    row.Dispose();
                }
            }
            var lines = text.ToString().Split('\n');
            Assert.Equal("Value", lines[0]);
            for (int i = 0; i < floats.Length; i++)
            {
                if (float.IsNaN(floats[i])) Assert.Equal("", lines[i + 1]);
                else Assert.Equal(BitConverter.SingleToInt32Bits(floats[i]), BitConverter.SingleToInt32Bits(float.Parse(lines[i + 1], CultureInfo.InvariantCulture)));
            }
        }

        [Fact]
        public void A_row_with_too_few_or_too_many_fields_is_refused()
        {
            using var text = new StringWriter();
            using var csv = new CsvWriter(text, new[] { "A", "B" });
            Assert.Throws<InvalidOperationException>(() => { var row = csv.NewRow(); row.Add("x"); row.Dispose(); });
            Assert.Throws<InvalidOperationException>(() => { var row = csv.NewRow(); row.Add("x"); row.Add("y"); row.Add("z"); });
        }

        private static void SetSep(SepWriter.Col col, float value)
        {
            if (float.IsNaN(value)) col.Set(ReadOnlySpan<char>.Empty);
            else col.Format(value);
        }

        private static string Around(string text, int at) => text.Substring(Math.Max(0, at - 20), Math.Min(40, text.Length - Math.Max(0, at - 20)));
    }
}
